// The running ledger as a Nest module: opens (or on first start creates) the ledger
// in the data directory, exposes it as LEDGER_PORT, records checkpoints while the log
// grows, and closes the store on shutdown. With WRIT_READ_ONLY it serves a copy instead
// (read-only-ledger.module.ts): it exports LEDGER_PORT, WRIT_CONFIG and the read models then,
// never LedgerRuntime or OPENED_LEDGER.
import { Inject, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { Metrics } from '../metrics/metrics.service';
import { GAUGE_CONFIG, LedgerGauges } from '../metrics/ledger-gauges';
import { uuidv7 } from '../../sdk/uuidv7';
import type { WritConfig } from '../../config/writ-config';
import { openLedger, type OpenedLedger } from './bootstrap';
import { CASCADE_PROVIDERS } from '../cascades/cascades.providers';
import { LedgerRuntime } from './ledger-runtime';
import { readModelProviders } from '../projections/read-models.providers';
import { READ_MODELS, READ_SERVICE } from '../projections/read-models';
import { LEDGER_PORT } from './ledger.port';
import { readOnlyLedgerModule } from './read-only-ledger.module';

export const WRIT_CONFIG = Symbol('WritConfig');
const OPENED = Symbol('OpenedLedger');

class CheckpointRecorder implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(LedgerRuntime) private readonly runtime: LedgerRuntime,
    @Inject(WRIT_CONFIG) private readonly config: WritConfig,
  ) {}

  onModuleInit(): void {
    // Unref'd: a pending checkpoint never keeps a stopping process alive.
    this.timer = setInterval(() => void this.runtime.recordCheckpoint(uuidv7()), this.config.checkpointIntervalMs).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.runtime.close();
  }
}

@Module({})
export class LedgerModule {
  static forConfig(config: WritConfig): DynamicModule {
    // A forensic copy without keys: the same port and read models, nothing that writes.
    if (config.readOnly) return readOnlyLedgerModule(config, WRIT_CONFIG);
    return {
      module: LedgerModule,
      imports: [MetricsModule],
      providers: [
        { provide: WRIT_CONFIG, useValue: config },
        {
          provide: OPENED,
          inject: [Metrics],
          useFactory: (metrics: Metrics): Promise<OpenedLedger> =>
            openLedger({
              dataDir: config.dataDir,
              originHost: config.originHost,
              durability: config.durability,
              adminName: config.adminName,
              newLedger: config.newLedger,
              cascades: 'saga',
              observer: {
                committed: (events, size, latencies) => {
                  metrics.appended(events.length);
                  if (events.length > 0) metrics.committedRange(events[0]!.position, events.at(-1)!.position);
                  metrics.batch(size);
                  for (const l of latencies) metrics.appendLatency(l);
                },
                refused: (code) => metrics.refused(code),
                decided: (outcome) => metrics.decided(outcome === 'approval_required' ? 'approval_requested' : outcome),
                decisionFailedClosed: () => metrics.decisionFailedClosed(),
                decisionAnswered: (outcome, seconds) => metrics.decisionLatency(outcome === 'approval_required' ? 'approval_requested' : outcome, seconds),
                storeError: (code) => metrics.storeError(code),
              },
            }),
        },
        { provide: LedgerRuntime, inject: [OPENED], useFactory: (opened: OpenedLedger) => opened.runtime },
        { provide: LEDGER_PORT, useExisting: LedgerRuntime },
        CheckpointRecorder,
        { provide: GAUGE_CONFIG, useExisting: WRIT_CONFIG },
        LedgerGauges,
        ...CASCADE_PROVIDERS,
        ...readModelProviders(WRIT_CONFIG),
      ],
      exports: [LEDGER_PORT, LedgerRuntime, OPENED, WRIT_CONFIG, READ_MODELS, READ_SERVICE],
    };
  }
}

export { OPENED as OPENED_LEDGER };
