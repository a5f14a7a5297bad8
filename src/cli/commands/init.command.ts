// `writ init`: creates a ledger and its keys in a data directory, as the service's
// first start would, and says where everything is.
import type { Command } from 'commander';
import { loadConfig } from '../../config/writ-config';
import { openLedger } from '../../application/ledger/bootstrap';
import { ledgerFiles } from '../../application/ledger/ledger-files';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from '../exit-codes';
import { print } from '../output';

export function initCommand(program: Command): void {
  program
    .command('init')
    .description('create a ledger and its keys in a data directory')
    .option('--data-dir <dir>', 'data directory (default: WRIT_DATA_DIR or ./data)')
    .option('--ledger-id <id>', 'id of the new ledger (default: a new UUIDv7)')
    .option('--origin-host <host>', 'host part of the checkpoint origin (default: WRIT_ORIGIN_HOST or writ.local)')
    .option('--admin-name <name>', 'display name of the first admin')
    .option('--force', 'create the ledger even though the directory holds keys or read models (the key files are reused)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { dataDir?: string; ledgerId?: string; originHost?: string; adminName?: string; force?: boolean; json?: boolean }) => {
      const config = loadConfig();
      const dataDir = opts.dataDir ? resolve(opts.dataDir) : config.dataDir;
      if (existsSync(ledgerFiles(dataDir).store)) throw new CliError(`${dataDir} already holds a ledger`);
      const opened = await openLedger({
        dataDir,
        originHost: opts.originHost ?? config.originHost,
        durability: config.durability,
        adminName: opts.adminName ?? config.adminName,
        newLedger: opts.force === true || config.newLedger,
        ...(opts.ledgerId ? { ledgerId: opts.ledgerId } : {}),
      });
      const summary = {
        ledgerId: opened.runtime.ledgerId,
        dataDir,
        store: opened.files.store,
        ledgerKey: opened.files.ledgerKey,
        adminKey: opened.files.adminKey,
        verifierKey: opened.runtime.verifierKey,
        checkpoint: opened.runtime.latestCheckpoint().note,
      };
      await opened.runtime.close();
      print(opts.json, summary, () =>
        [
          `created ledger ${summary.ledgerId}`,
          `  store            ${summary.store}`,
          `  ledger key       ${summary.ledgerKey}`,
          `  first admin key  ${summary.adminKey}`,
          `  verifier key     ${summary.verifierKey}`,
        ].join('\n'),
      );
    });
}
