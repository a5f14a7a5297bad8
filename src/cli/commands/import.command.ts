// `writ import`: an NDJSON export into a new data directory, verified on the way in.
import type { Command } from 'commander';
import { importLog, parseWorkers, readTrustedKey } from '../../verify';
import { CliError, EXIT } from '../exit-codes';
import { print } from '../output';
import { progressLine } from '../progress';
import { inputOf, inputOfAsync } from './verify.command';

export function importCommand(program: Command): void {
  program
    .command('import')
    .description('import an NDJSON export into a new data directory (a copy without keys, to serve read-only), verifying every event; nothing is written unless all of it verifies')
    .requiredOption('--in <file>', 'the NDJSON export')
    .requiredOption('--store <dir>', 'the data directory to create (new or empty); the store goes in <dir>/writ.db')
    .option('--key <key>', 'trusted ledger key (as for verify)')
    .option('--workers <n>', 'signature threads (as for verify)')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { in: string; store: string; key?: string; workers?: string; json?: boolean }) => {
      const workers = parseWorkers(opts.workers);
      if (workers === undefined) throw new CliError(`--workers takes a count >= 1 or auto, not ${opts.workers}`);
      const key = inputOf(() => (opts.key === undefined ? undefined : readTrustedKey(opts.key)));
      const progress = progressLine('importing');
      const report = await inputOfAsync(() => importLog({ in: opts.in, store: opts.store, ...(key ? { key } : {}), workers, progress: progress.update }));
      progress.done();
      print(opts.json, report, () =>
        report.imported
          ? `imported ${report.size} events into ${report.store}\nroot ${report.rootHash}\nserve it read-only: writ serve --store ${report.dataDir} --read-only`
          : [`refused: nothing was written to ${report.store}`, ...report.findings.map((f) => `position ${f.position}: ${f.code}: ${f.message}`)].join('\n'),
      );
      if (!report.imported) throw new CliError('import refused: the export does not verify', EXIT.verificationFailed);
    });
}
