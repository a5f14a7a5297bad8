// The read models in Nest: a SQLite file beside the ledger (`<dataDir>/read-models.db`),
// caught up from the position it remembers and then following the ledger's commits.
import { Inject, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { WritConfig } from '../../config/writ-config';
import { ledgerFiles } from '../ledger/ledger-files';
import { LedgerRuntime } from '../ledger/ledger-runtime';
import { DEFAULT_STANDING, type StandingLimits } from '../queries/inventories';
import { ReadService } from '../queries/read-service';
import { runtimeSource } from './log-sources';
import { ProjectionStore } from './projection-store';
import { READ_MODELS, READ_SERVICE, ReadModels } from './read-models';
import { divergence } from './read-model-binding';
import { inspectReadModels, readBinding } from './read-model-file';
import { rebuildFrom, removeReadModelFiles } from './rebuild';

export const readModelsPath = (dataDir: string) => ledgerFiles(dataDir).readModels;

/**
 * WRIT_STANDING_MAX_DELEGATION_DAYS (default 90) and WRIT_STANDING_MAX_CREDENTIAL_SECONDS
 * (default 3600): windows longer than these are reported as standing authority.
 */
export function standingLimits(env: Readonly<Record<string, string | undefined>> = process.env): StandingLimits {
  const num = (name: string, fallback: number) => {
    const text = env[name];
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not ${text}`);
    return n;
  };
  return {
    delegationMs: num('WRIT_STANDING_MAX_DELEGATION_DAYS', DEFAULT_STANDING.delegationMs / 86_400_000) * 86_400_000,
    credentialMs: num('WRIT_STANDING_MAX_CREDENTIAL_SECONDS', DEFAULT_STANDING.credentialMs / 1000) * 1000,
  };
}

class ReadModelsCloser implements OnApplicationShutdown {
  constructor(@Inject(READ_MODELS) private readonly models: ReadModels) {}

  onApplicationShutdown(): void {
    this.models.close();
  }
}

/**
 * Below this many events a fresh service just follows the log; above it, a bulk build
 * (no journal, indexes built at the end) is several times faster than live application.
 */
export const BULK_BUILD_FROM_EVENTS = 10_000;

/**
 * A file bound to another log (another ledger, positions the log does not hold, another
 * event at its last position: see read-model-binding.ts) is never served: it is removed,
 * and then built again like a missing one.
 */
async function removeIfUnbound(runtime: FollowedLedger, path: string): Promise<void> {
  if (inspectReadModels(path) !== 'current') return;
  const log = { ledgerId: runtime.ledgerId, size: () => runtime.size(), hashAt: async (p: number) => (await runtime.eventAt(p))?.hash };
  const why = await divergence(readBinding(path), log);
  if (why === undefined) return;
  process.stderr.write(`Writ is rebuilding the read models: ${why}: ${path}\n`);
  removeReadModelFiles(path);
}

/**
 * The page cache of a bulk build inside the service: `writ projections rebuild` takes
 * 2 GiB for speed, but a service that briefly needs 3 GiB of RSS at its first start on a
 * large ledger is not what anyone sizes a container for.
 */
const SERVICE_BULK_CACHE_MB = 256;

/**
 * The read models are derived data, so a start never refuses over them: a file of an
 * older schema version (after an upgrade) is rebuilt in place, and a missing one on a
 * large ledger (a restored store, a deleted file) is bulk-built before the service
 * answers, with progress on stderr.
 */
async function bulkBuildIfWorthIt(runtime: FollowedLedger, path: string): Promise<void> {
  const found = inspectReadModels(path);
  const total = runtime.size();
  if (!(found === 'outdated' || (found === 'absent' && total >= BULK_BUILD_FROM_EVENTS))) return;
  const why = found === 'outdated' ? 'their schema changed' : 'there are none yet';
  process.stderr.write(`Writ is building the read models from ${total} events (${why}): ${path}\n`);
  let shown = 0;
  const report = await rebuildFrom(runtimeSource(runtime), total, path, (done) => {
    if (done - shown >= 100_000) {
      shown = done;
      process.stderr.write(`  ${done} / ${total} events\n`);
    }
  }, undefined, SERVICE_BULK_CACHE_MB);
  process.stderr.write(`  built in ${report.seconds.toFixed(1)} s (${Math.round(report.eventsPerSecond)} events/s)\n`);
}

/** What the read models follow: the running writer, or a read-only copy (ReadOnlyLedger). */
export type FollowedLedger = Pick<LedgerRuntime, 'ledgerId' | 'size' | 'eventAt' | 'onEvents' | 'readLog'>;

/**
 * Providers for a module that provides the followed ledger under `ledgerToken`
 * (LedgerRuntime by default); `configToken` provides the WritConfig.
 */
export function readModelProviders(configToken: symbol, ledgerToken: symbol | typeof LedgerRuntime = LedgerRuntime): Provider[] {
  return [
    {
      provide: READ_MODELS,
      inject: [ledgerToken, configToken],
      useFactory: async (runtime: FollowedLedger, config: WritConfig): Promise<ReadModels> => {
        const path = readModelsPath(config.dataDir);
        await removeIfUnbound(runtime, path);
        await bulkBuildIfWorthIt(runtime, path);
        const models = new ReadModels(new ProjectionStore(path));
        await models.follow(runtimeSource(runtime));
        return models;
      },
    },
    { provide: READ_SERVICE, inject: [READ_MODELS], useFactory: (models: ReadModels) => new ReadService(models, standingLimits()) },
    ReadModelsCloser,
  ];
}
