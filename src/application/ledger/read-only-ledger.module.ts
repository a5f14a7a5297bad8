// The ledger of a forensic copy as a Nest module (WRIT_READ_ONLY): the same LEDGER_PORT
// and read models as the writer's LedgerModule, but over a ReadOnlyLedger. No signer, no
// key file, no checkpoint recorder, no cascade saga: nothing here can append.
import { Inject, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { WritConfig } from '../../config/writ-config';
import { readModelProviders } from '../projections/read-models.providers';
import { READ_MODELS, READ_SERVICE } from '../projections/read-models';
import { LEDGER_PORT } from './ledger.port';
import { openReadOnlyCopy, ReadOnlyLedger } from './read-only-ledger';

const READ_ONLY_LEDGER = Symbol('ReadOnlyLedger');

class ReadOnlyLedgerCloser implements OnApplicationShutdown {
  constructor(@Inject(READ_ONLY_LEDGER) private readonly ledger: ReadOnlyLedger) {}

  onApplicationShutdown(): Promise<void> {
    return this.ledger.close();
  }
}

export class ReadOnlyLedgerModule {}

/** The module LedgerModule.forConfig gives for a read-only config; `configToken` provides it. */
export function readOnlyLedgerModule(config: WritConfig, configToken: symbol): DynamicModule {
  const providers: Provider[] = [
    { provide: configToken, useValue: config },
    { provide: READ_ONLY_LEDGER, useFactory: () => openReadOnlyCopy(config.dataDir) },
    { provide: LEDGER_PORT, useExisting: READ_ONLY_LEDGER },
    ReadOnlyLedgerCloser,
    ...readModelProviders(configToken, READ_ONLY_LEDGER),
  ];
  return { module: ReadOnlyLedgerModule, providers, exports: [LEDGER_PORT, configToken, READ_MODELS, READ_SERVICE] };
}
