// `writ backup` and `writ restore`: an online copy of the embedded store (SQLite's backup
// API, safe while the service writes) and its restore into a new data directory.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { BackupRefused, backupStore, restoreStore, type BackupSummary } from '../../application/backup/backup';
import { CliError } from '../exit-codes';
import { print } from '../output';

export function backupCommand(program: Command): void {
  program
    .command('backup')
    .description('copy the event store while the service runs (a consistent snapshot; read models are rebuilt on restore)')
    .requiredOption('--store <path>', 'data directory or .db file')
    .requiredOption('--out <file>', 'the backup file to write (must not exist)')
    .option('--with-keys', 'carry the key files too (the file is then as secret as the ledger key)')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { store: string; out: string; withKeys?: boolean; json?: boolean }) => {
      const summary = await refused(() => backupStore(resolve(opts.store), resolve(opts.out), opts.withKeys ?? false));
      print(opts.json, summary, () => describe('backed up', summary));
    });
  program
    .command('restore')
    .description('restore a backup into a new data directory; the service rebuilds the read models on start')
    .requiredOption('--in <file>', 'a file written by writ backup')
    .requiredOption('--store <dir>', 'the new data directory (must hold no ledger)')
    .option('--keys-from <dir>', 'copy the key files from this data directory (or keys/ directory) when the backup carries none')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { in: string; store: string; keysFrom?: string; json?: boolean }) => {
      const summary = await refused(() => restoreStore(resolve(opts.in), resolve(opts.store), opts.keysFrom === undefined ? undefined : resolve(opts.keysFrom)));
      print(opts.json, summary, () =>
        [
          describe('restored', summary),
          summary.keys.length > 0 ? '' : 'no key files: verify, export and replay work; to serve it, put the ledger\u2019s key files under keys/ (or restore with --keys-from)',
        ].filter((l) => l !== '').join('\n'),
      );
    });
}

function describe(verb: string, s: BackupSummary): string {
  const checkpoint = s.lastRecordedCheckpoint === undefined ? 'no recorded checkpoint' : `last recorded checkpoint at size ${s.lastRecordedCheckpoint}`;
  return `${verb} ${s.file}: ${s.events} events of ledger ${s.ledgerId ?? '(none)'}, ${checkpoint}; key files: ${s.keys.length > 0 ? s.keys.join(', ') : 'none'}`;
}

async function refused<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof BackupRefused) throw new CliError(error.message);
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('store.')) throw new CliError((error as Error).message);
    throw error;
  }
}
