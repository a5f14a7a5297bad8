// Points the /metrics gauges at the running ledger and its read models when the app starts.
import { statSync } from 'node:fs';
import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import type { WritConfig } from '../../config/writ-config';
import { ledgerFiles } from '../ledger/ledger-files';
import { LedgerRuntime } from '../ledger/ledger-runtime';
import { READ_MODELS, type ReadModels } from '../projections/read-models';
import { Metrics } from './metrics.service';

/** Nest token of the WritConfig (the ledger module provides it). */
export const GAUGE_CONFIG = Symbol('GaugeConfig');

@Injectable()
export class LedgerGauges implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    @Inject(LedgerRuntime) private readonly runtime: LedgerRuntime,
    @Inject(GAUGE_CONFIG) private readonly config: WritConfig,
    @Optional() @Inject(READ_MODELS) private readonly models?: ReadModels,
  ) {}

  onModuleInit(): void {
    const store = this.config.store.kind === 'sqlite' ? ledgerFiles(this.config.dataDir).store : undefined;
    this.metrics.watch({
      logSize: () => this.runtime.size(),
      storeBytes: () => (store === undefined ? undefined : fileBytes(store) + fileBytes(`${store}-wal`)),
      lastRecordedCheckpoint: () => this.runtime.lastRecordedCheckpoint(),
      readModelPosition: () => this.models?.position,
      signatureQueueDepth: () => this.runtime.signatureQueueDepth(),
    });
  }
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
