// `writ keys generate|show`: Ed25519 key files in the format the SDK and the server share.
import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readKeyFile } from '../../application/ledger/key-files';
import { toBase64Url } from '../../integrity/bytes';
import { generateKeyPair } from '../../integrity/ed25519';
import { formatKeyFile } from '../../sdk/key-file';
import { CliError } from '../exit-codes';
import { print } from '../output';

export function keysCommand(program: Command): void {
  const keys = program.command('keys').description('Ed25519 key files');
  keys
    .command('generate')
    .description('write a new key file (0600); refuses to overwrite one')
    .requiredOption('--out <file>', 'where to write the key file')
    .option('--id <principalId>', 'the principal the key belongs to')
    .option('--json', 'print the result as JSON')
    .action((opts: { out: string; id?: string; json?: boolean }) => {
      if (existsSync(opts.out)) throw new CliError(`${opts.out} already exists; refusing to overwrite a key`);
      const { seed, publicKey } = generateKeyPair();
      writeFileSync(opts.out, formatKeyFile(seed, opts.id), { mode: 0o600, flag: 'wx' });
      const result = { file: opts.out, id: opts.id ?? null, publicKey: toBase64Url(publicKey) };
      print(opts.json, result, () => `wrote ${opts.out}\npublic key ${result.publicKey}`);
    });
  keys
    .command('show')
    .description('print the public half of a key file (never the seed)')
    .argument('<file>', 'a key file')
    .option('--json', 'print the result as JSON')
    .action((file: string, opts: { json?: boolean }) => {
      const key = (() => {
        try {
          return readKeyFile(file);
        } catch (error) {
          throw new CliError((error as Error).message);
        }
      })();
      const result = { file, id: key.id ?? null, publicKey: toBase64Url(key.publicKey) };
      print(opts.json, result, () => `${result.id ?? '(no principal id)'} ${result.publicKey}`);
    });
}
