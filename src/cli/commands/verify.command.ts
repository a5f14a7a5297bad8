// `writ verify`: re-checks a whole store or export offline (see src/verify).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError, parseWorkers, readTrustedKey, runVerify, type TrustedKey, type VerifyRunReport } from '../../verify';
import { CliError, EXIT } from '../exit-codes';
import { print } from '../output';
import { progressLine } from '../progress';

interface VerifyOptions {
  store?: string;
  export?: string;
  key?: string;
  checkpoint?: string;
  all?: boolean;
  json?: boolean;
  workers?: string;
}

export function verifyCommand(program: Command): void {
  program
    .command('verify')
    .description('verify the whole record offline: hashes, links, signatures, rules, checkpoints')
    .option('--store <path>', 'data directory or .db file (default: ./data)')
    .option('--export <file>', 'an NDJSON export instead of a store')
    .option('--key <key>', 'trusted ledger key: a verifier key string, a base64url public key, a JWKS file or a key file')
    .option('--checkpoint <file>', 'a trusted signed checkpoint kept elsewhere; the log must still contain it')
    .option('--all', 'list every bad position instead of stopping at the first')
    .option('--workers <n>', 'threads: 1 (default, all on the main thread), N (N - 1 signature worker threads), or auto (one per core)')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nActor signatures are checked by native libsodium (the optional sodium-native package) where it loads, and any it\n' +
        'refuses by OpenSSL (node:crypto), which has the last word: the verdicts are the same, in about half the time.\n' +
        'WRIT_NATIVE_SODIUM=off checks them with OpenSSL alone. The report names the engine used.',
    )
    .action(async (opts: VerifyOptions) => {
      if (opts.store !== undefined && opts.export !== undefined) throw new CliError('give --store or --export, not both');
      const workers = parseWorkers(opts.workers);
      if (workers === undefined) throw new CliError(`--workers takes a count >= 1 or auto, not ${opts.workers}`);
      const key = inputOf(() => (opts.key === undefined ? undefined : readTrustedKey(opts.key)));
      const checkpoint = inputOf(() => (opts.checkpoint === undefined ? undefined : readFileSync(opts.checkpoint, 'utf8')));
      const progress = progressLine('verifying');
      const report = await inputOfAsync(() =>
        runVerify({
          ...(opts.export !== undefined ? { exportFile: opts.export } : { store: opts.store ?? 'data' }),
          ...(key ? { key } : {}),
          ...(checkpoint !== undefined ? { trustedCheckpoint: checkpoint } : {}),
          all: opts.all ?? false,
          workers,
          progress: progress.update,
        }),
      );
      progress.done();
      print(opts.json, report, () => describe(report, key));
      if (!report.ok) throw new CliError('verification failed', EXIT.verificationFailed);
    });
}

function describe(report: VerifyRunReport, key: TrustedKey | undefined): string {
  const lines = [
    `${report.source.kind} ${report.source.path}: ${report.size} events, ledger ${report.ledgerId ?? '(none)'}`,
    key ? 'ledger key: the trusted key given with --key' : `ledger key: trusting the key in the record (${report.genesisKey ?? 'none'}); pass --key to check it`,
    `root ${report.rootHash} at size ${report.size}; ${report.checkpointsVerified} recorded checkpoints verified`,
    `signatures checked by ${report.signatureEngine}`,
  ];
  if (report.trustedCheckpoint) {
    const t = report.trustedCheckpoint;
    lines.push(`trusted checkpoint at size ${t.size}: ${t.contained ? 'contained in the log' : 'NOT contained in the log'}`);
  }
  for (const f of report.findings) lines.push(`position ${f.position}: ${f.code}${f.path ? ` at ${f.path}` : ''}: ${f.message}`);
  lines.push(report.ok ? 'verified' : 'NOT verified');
  return lines.join('\n');
}

export function inputOf<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError((error as Error).message);
  }
}

export async function inputOfAsync<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InputError || (error as NodeJS.ErrnoException).code !== undefined) throw new CliError((error as Error).message);
    throw error;
  }
}
