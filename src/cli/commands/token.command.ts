// `writ token`: a read token (DESIGN: Who may read) for the principal whose key file is
// given, to paste into GraphiQL's headers or a script's `Authorization: Bearer`. The token
// is the SDK's (src/sdk/read-token.ts): signed here, with the key never leaving the machine.
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseKeyFile } from '../../sdk/key-file';
import { MAX_READ_TOKEN_TTL_SECONDS, readTokenClaims, readToken } from '../../sdk/read-token';
import { CliError } from '../exit-codes';
import { print } from '../output';
import { InputError, StoreReader, storePath } from '../../verify/sources';

interface TokenOptions {
  key: string;
  ttl?: string;
  ledger?: string;
  store?: string;
  principal?: string;
  json?: boolean;
}

export function tokenCommand(program: Command): void {
  program
    .command('token')
    .description('print a read token (a JWT of at most 300 s signed with a key file) for GraphQL, GraphiQL or the console')
    .requiredOption('--key <file>', 'the principal’s key file (as `writ keys generate` writes it)')
    .option('--ttl <seconds>', `lifetime, 1 to ${MAX_READ_TOKEN_TTL_SECONDS} seconds (default 120)`)
    .option('--ledger <id>', 'the ledger id (default: the one in --store)')
    .option('--store <dir>', 'data directory or .db file whose ledger the token is for (default: WRIT_DATA_DIR or ./data, when it holds one)')
    .option('--principal <id>', 'the principal id, for a key file that names none')
    .option('--json', 'print the token with its claims as JSON')
    .action((opts: TokenOptions) => {
      const ttlSeconds = ttlOf(opts.ttl);
      const key = keyOf(opts.key);
      const principalId = opts.principal ?? key.id;
      if (principalId === undefined) throw new CliError(`${opts.key} names no principal (no "id"): give --principal <id>`);
      const ledgerId = opts.ledger ?? ledgerIdOf(opts.store);
      const nowMs = Date.now();
      const input = { principalId, ledgerId, seed: key.seed, ttlSeconds, nowMs };
      const token = readToken(input);
      const claims = readTokenClaims(input);
      print(opts.json, { token, principalId, ledgerId, expiresAt: new Date(claims.exp * 1000).toISOString() }, () => token);
    });
}

function ttlOf(text: string | undefined): number {
  if (text === undefined) return 120;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_READ_TOKEN_TTL_SECONDS) {
    throw new CliError(`--ttl takes whole seconds from 1 to ${MAX_READ_TOKEN_TTL_SECONDS} (the service refuses longer-lived tokens), not ${text}`);
  }
  return n;
}

function keyOf(path: string) {
  if (!existsSync(path)) throw new CliError(`no key file at ${path}`);
  const parsed = parseKeyFile(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new CliError(`${path} is not a usable key file: ${parsed.problems.map((p) => `${p.path || 'file'}: ${p.message}`).join('; ')}`);
  return parsed.value;
}

/** The ledger id of a store (its genesis statement's); the default data directory when it holds one. */
function ledgerIdOf(store: string | undefined): string {
  const path = store ?? process.env.WRIT_DATA_DIR ?? 'data';
  if (store === undefined && !existsSync(storePath(path))) {
    throw new CliError(`no ledger store at ${storePath(path)} to take the ledger id from: give --ledger <id> (or --store <dir>)`);
  }
  let reader: StoreReader | undefined;
  try {
    reader = new StoreReader(path);
    const first = reader.first();
    const ledgerId = first === undefined ? undefined : (JSON.parse(first) as { statement?: { ledgerId?: unknown } }).statement?.ledgerId;
    if (typeof ledgerId !== 'string') throw new CliError(`${storePath(path)} holds no ledger: give --ledger <id>`);
    return ledgerId;
  } catch (error) {
    if (error instanceof InputError) throw new CliError(`${error.message}: give --ledger <id> (or --store <dir>)`);
    throw error;
  } finally {
    reader?.close();
  }
}
