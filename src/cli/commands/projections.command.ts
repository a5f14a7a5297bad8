// `writ projections rebuild`: replays the whole event store into fresh read models
// (`<dataDir>/read-models.db`), with progress. Run it while the service is stopped.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ledgerFiles } from '../../application/ledger/ledger-files';
import { readModelsPath } from '../../application/projections/read-models.providers';
import { rebuildReadModels } from '../../application/projections/rebuild';
import { loadConfig } from '../../config/writ-config';
import { SqliteEventStore } from '../../storage/sqlite/sqlite-event-store';
import { CliError } from '../exit-codes';
import { print } from '../output';
import { progressLine } from '../progress';

export function projectionsCommand(program: Command): void {
  const projections = program.command('projections').description('the read models beside the service');
  projections
    .command('rebuild')
    .description('rebuild the read models by replaying the whole log (stop the service first)')
    .option('--data-dir <dir>', 'data directory (default: WRIT_DATA_DIR or ./data)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { dataDir?: string; json?: boolean }) => {
      const dataDir = opts.dataDir ? resolve(opts.dataDir) : loadConfig().dataDir;
      const storePath = ledgerFiles(dataDir).store;
      if (!existsSync(storePath)) throw new CliError(`${dataDir} holds no ledger (${storePath} is missing)`);
      const store = new SqliteEventStore(storePath, { readonly: true });
      const line = progressLine('rebuilding read models');
      try {
        const target = readModelsPath(dataDir);
        const report = await rebuildReadModels(store, target, line.update);
        line.done();
        print(opts.json, { ...report, file: target }, () =>
          `rebuilt ${target}: ${report.events} events in ${report.seconds.toFixed(1)} s (${Math.round(report.eventsPerSecond)} events/s), position ${report.position}`,
        );
      } finally {
        line.done();
        await store.close();
      }
    });
}
