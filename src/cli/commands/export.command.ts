// `writ export`: the store as NDJSON (docs/export-format.md), optionally a range.
import type { Command } from 'commander';
import { exportLog } from '../../verify';
import { CliError } from '../exit-codes';
import { print } from '../output';
import { progressLine } from '../progress';
import { inputOfAsync } from './verify.command';

export function positionArg(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new CliError(`${name} takes a position (an integer >= 0), not ${text}`);
  return n;
}

export function exportCommand(program: Command): void {
  program
    .command('export')
    .description('write the record as NDJSON: a header, one line per envelope exactly as stored, an end line')
    .requiredOption('--out <file>', 'the NDJSON file to write (never overwritten)')
    .option('--store <path>', 'data directory or .db file (default: ./data)')
    .option('--from <n>', 'first position to export (default 0)')
    .option('--to <n>', 'position after the last one to export (default: all)')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { out: string; store?: string; from?: string; to?: string; json?: boolean }) => {
      const from = positionArg('--from', opts.from);
      const to = positionArg('--to', opts.to);
      const progress = progressLine('exporting');
      const summary = await inputOfAsync(() =>
        exportLog({ store: opts.store ?? 'data', out: opts.out, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), progress: progress.update }),
      );
      progress.done();
      print(opts.json, summary, () => `exported ${summary.count} events [${summary.from}, ${summary.to}) of ledger ${summary.ledgerId} to ${summary.out}${summary.rootHash ? `\nroot ${summary.rootHash}` : ''}`);
    });
}
