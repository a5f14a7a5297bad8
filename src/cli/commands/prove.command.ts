// `writ prove inclusion|consistency`: RFC 9162 proofs from a store, as JSON with hex hashes.
// Without a size they are made for the latest checkpoint the log recorded (the one
// `writ checkpoint` prints) and name it, so `writ verify-proof` checks them against it.
import type { Command } from 'commander';
import { proveConsistency, proveInclusion } from '../../verify/proofs';
import { CliError } from '../exit-codes';
import { print } from '../output';
import { positionArg } from './export.command';
import { inputOf } from './verify.command';

const required = (name: string, text: string | undefined): number => {
  const n = positionArg(name, text);
  if (n === undefined) throw new CliError(`${name} is required`);
  return n;
};

// A proof is data for verify-proof, not text for people: JSON either way; --json is
// accepted so that every command that prints data takes it.
const JSON_OPTION = ['--json', 'print the proof as JSON (the only format; accepted like the other commands)'] as const;

export function proveCommand(program: Command): void {
  const prove = program.command('prove').description('Merkle proofs from a store (JSON, hex hashes), by default for the latest recorded checkpoint');
  prove
    .command('inclusion')
    .description('prove that the event at --leaf is in the tree of --size events (default: the latest recorded checkpoint, named in the proof)')
    .requiredOption('--leaf <n>', 'leaf index (global position)')
    .option('--size <n>', 'tree size (default: the latest checkpoint the log recorded)')
    .option('--store <path>', 'data directory or .db file (default: ./data)')
    .option(...JSON_OPTION)
    .action((opts: { leaf: string; size?: string; store?: string }) => {
      const proof = inputOf(() => proveInclusion(opts.store ?? 'data', required('--leaf', opts.leaf), positionArg('--size', opts.size)));
      print(true, proof, () => '');
    });
  prove
    .command('consistency')
    .description('prove that the tree of --from events is a prefix of the tree of --to events (default: the latest recorded checkpoint, named in the proof)')
    .requiredOption('--from <n>', 'the smaller tree size (>= 1)')
    .option('--to <n>', 'the larger tree size (default: the latest checkpoint the log recorded)')
    .option('--store <path>', 'data directory or .db file (default: ./data)')
    .option(...JSON_OPTION)
    .action((opts: { from: string; to?: string; store?: string }) => {
      const proof = inputOf(() => proveConsistency(opts.store ?? 'data', required('--from', opts.from), positionArg('--to', opts.to)));
      print(true, proof, () => '');
    });
}
