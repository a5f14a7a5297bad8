// `writ verify-proof`: receipts and proofs produced elsewhere, checked offline.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readTrustedKey } from '../../verify';
import { checkProofs } from '../../verify/proofs';
import { CliError, EXIT } from '../exit-codes';
import { print } from '../output';
import { inputOf } from './verify.command';

const readJson = (file: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
};

export function verifyProofCommand(program: Command): void {
  program
    .command('verify-proof')
    .description('check a receipt (with --key) and/or a proof from writ prove (bound to the ledger with --key and the checkpoint the proof names, or --checkpoint)')
    .option('--receipt <file>', 'a receipt as the service returns it (JSON)')
    .option('--proof <file>', 'an inclusion or consistency proof from writ prove (JSON)')
    .option('--checkpoint <file>', 'a signed checkpoint the proof must match (default: the recorded checkpoint the proof names)')
    .option('--key <key>', 'trusted ledger key (as for verify)')
    .option('--json', 'print the result as JSON')
    .action((opts: { receipt?: string; proof?: string; checkpoint?: string; key?: string; json?: boolean }) => {
      const key = inputOf(() => (opts.key === undefined ? undefined : readTrustedKey(opts.key)));
      const result = inputOf(() =>
        checkProofs({
          ...(opts.receipt ? { receipt: readJson(opts.receipt) } : {}),
          ...(opts.proof ? { proof: readJson(opts.proof) } : {}),
          ...(opts.checkpoint ? { checkpoint: readFileSync(opts.checkpoint, 'utf8') } : {}),
          ...(key ? { key } : {}),
        }),
      );
      print(opts.json, result, () => [...result.checks.map((c) => `${c.ok ? 'ok ' : 'BAD'} ${c.what}: ${c.detail}`), result.ok ? 'verified' : 'NOT verified'].join('\n'));
      if (!result.ok) throw new CliError('proof verification failed', EXIT.verificationFailed);
    });
}
