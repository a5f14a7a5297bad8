// `writ checkpoint`: the latest signed checkpoint, or (--sign) a fresh one.
import type { Command } from 'commander';
import { loadConfig } from '../../config/writ-config';
import { latestCheckpoint, signLatest } from '../../verify/proofs';
import { CliError } from '../exit-codes';
import { print } from '../output';
import { inputOf } from './verify.command';

export function checkpointCommand(program: Command): void {
  program
    .command('checkpoint')
    .description('print the latest checkpoint the log recorded; with --sign, sign a fresh one of the whole log')
    .option('--store <path>', 'data directory or .db file (default: ./data)')
    .option('--sign', 'sign a checkpoint of the whole stored log with the ledger key in the data directory')
    .option('--json', 'print it as JSON (default: the signed note itself)')
    .action((opts: { store?: string; sign?: boolean; json?: boolean }) => {
      const store = opts.store ?? 'data';
      const cp = inputOf(() => (opts.sign ? signLatest(store, loadConfig().originHost) : latestCheckpoint(store)));
      if (cp === undefined) throw new CliError('the log has recorded no checkpoint yet; use --sign to sign one');
      print(opts.json, cp, () => cp.note.trimEnd());
    });
}
