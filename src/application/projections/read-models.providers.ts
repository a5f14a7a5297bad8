// The read models in Nest: a SQLite file beside the ledger (`<dataDir>/read-models.db`),
// caught up from the position it remembers and then following the ledger's commits.
import { join } from 'node:path';
import { Inject, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { WritConfig } from '../../config/writ-config';
import { LedgerRuntime } from '../ledger/ledger-runtime';
import { DEFAULT_STANDING, type StandingLimits } from '../queries/inventories';
import { ReadService } from '../queries/read-service';
import { runtimeSource } from './log-sources';
import { ProjectionStore } from './projection-store';
import { READ_MODELS, READ_SERVICE, ReadModels } from './read-models';

export const READ_MODELS_FILE = 'read-models.db';

export const readModelsPath = (dataDir: string) => join(dataDir, READ_MODELS_FILE);

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

/** Providers for a module that provides LedgerRuntime; `configToken` provides the WritConfig. */
export function readModelProviders(configToken: symbol): Provider[] {
  return [
    {
      provide: READ_MODELS,
      inject: [LedgerRuntime, configToken],
      useFactory: async (runtime: LedgerRuntime, config: WritConfig): Promise<ReadModels> => {
        const models = new ReadModels(new ProjectionStore(readModelsPath(config.dataDir)));
        await models.follow(runtimeSource(runtime));
        return models;
      },
    },
    { provide: READ_SERVICE, inject: [READ_MODELS], useFactory: (models: ReadModels) => new ReadService(models, standingLimits()) },
    ReadModelsCloser,
  ];
}
