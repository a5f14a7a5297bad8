// Issue 19: `writ token` as a process. The token verifies with jose under the key file's
// public key; a bad key file or TTL exits 2 with one clear line; the ledger id comes from
// --ledger, else from the store of --store. (Accepted by a real service: see
// test/e2e/forensic-copy.e2e.spec.ts.)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importJWK, jwtVerify } from 'jose';
import { toBase64Url } from '../../src/integrity/bytes';
import { generateKeyPair } from '../../src/integrity/ed25519';
import { formatKeyFile } from '../../src/sdk/key-file';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { buildLedger, type BuiltLedger } from '../support/ledger-builder';
import { tempDir } from '../support/ledger-fixtures';
import { writ } from './cli-support';

installNodeSha256();

let built: BuiltLedger;
let dir: string;
const { seed, publicKey } = generateKeyPair();

beforeAll(async () => {
  built = await buildLedger({ events: 20, agentsPerRound: 1, actionsPerAgent: 1 });
  dir = tempDir();
  writeFileSync(join(dir, 'alice.key.json'), formatKeyFile(seed, 'alice'));
  writeFileSync(join(dir, 'anonymous.key.json'), formatKeyFile(seed));
}, 60_000);

async function verified(token: string, audience: string) {
  const key = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: toBase64Url(publicKey) }, 'EdDSA');
  return (await jwtVerify(token, key, { issuer: 'alice', audience })).payload;
}

test('prints a token for the key file’s principal that jose verifies; --ttl sets its life', async () => {
  const run = writ('token', '--key', join(dir, 'alice.key.json'), '--ledger', 'ledger-1', '--ttl', '300');
  expect(run).toMatchObject({ code: 0, stderr: '' });
  const payload = await verified(run.stdout.trim(), 'ledger-1');
  expect(payload.exp! - payload.iat!).toBe(300);
});

test('takes the ledger id from --store; --json shows it with the expiry; --principal for a file without id', async () => {
  const run = writ('token', '--key', join(dir, 'anonymous.key.json'), '--principal', 'alice', '--store', built.dataDir, '--json');
  expect(run.code).toBe(0);
  const out = run.json<{ token: string; principalId: string; ledgerId: string; expiresAt: string }>();
  expect(out).toMatchObject({ principalId: 'alice', ledgerId: built.ledgerId });
  const payload = await verified(out.token, built.ledgerId);
  expect(new Date(payload.exp! * 1000).toISOString()).toBe(out.expiresAt);
});

test.each([
  ['a TTL over 300 s', ['--ledger', 'l', '--ttl', '301'], /--ttl takes whole seconds from 1 to 300/],
  ['a TTL of 0', ['--ledger', 'l', '--ttl', '0'], /--ttl takes whole seconds from 1 to 300/],
  ['a fractional TTL', ['--ledger', 'l', '--ttl', '1.5'], /--ttl takes whole seconds/],
  ['no ledger id to be found', ['--store', '/nonexistent/dir'], /no store at .*give --ledger <id>/],
])('%s: exit 2, one line', (_name, args, message) => {
  const run = writ('token', '--key', join(dir, 'alice.key.json'), ...args);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
});

test.each([
  ['a missing key file', 'missing.key.json', /no key file at/],
  ['a file that is not JSON', 'garbage.key.json', /is not a usable key file/],
  ['a key file whose halves disagree', 'edited.key.json', /is not a usable key file: publicKey/],
])('%s: exit 2, one line, never the seed', (_name, file, message) => {
  writeFileSync(join(dir, 'garbage.key.json'), 'not json');
  const other = generateKeyPair();
  writeFileSync(join(dir, 'edited.key.json'), JSON.stringify({ kind: 'writ-ed25519', id: 'alice', seed: toBase64Url(seed), publicKey: toBase64Url(other.publicKey) }));
  const run = writ('token', '--key', join(dir, file), '--ledger', 'l');
  expect(run.code).toBe(2);
  expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
  expect(run.stderr).not.toContain(toBase64Url(seed));
});

test('a key file without a principal id and no --principal: exit 2', () => {
  const run = writ('token', '--key', join(dir, 'anonymous.key.json'), '--ledger', 'l');
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/names no principal .*--principal <id>/);
});
