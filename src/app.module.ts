// The whole service: the ledger and its Nest edges.
import type { DynamicModule } from '@nestjs/common';
import type { WritConfig } from './config/writ-config';
import { LedgerModule } from './application/ledger/ledger.module';
import { InterfaceModule } from './interface/interface.module';

export function appModule(config: WritConfig): DynamicModule {
  return InterfaceModule.register({ ledgerModule: LedgerModule.forConfig(config) });
}
