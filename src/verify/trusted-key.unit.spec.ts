import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toBase64Url } from '../integrity/bytes';
import { formatVerifierKey } from '../integrity/checkpoint';
import { generateKeyPair } from '../integrity/ed25519';
import { formatKeyFile } from '../sdk/key-file';
import { readTrustedKey } from './trusted-key';

const { seed, publicKey } = generateKeyPair();
const dir = mkdtempSync(join(tmpdir(), 'writ-key-'));
const bytesOf = (k: ReturnType<typeof readTrustedKey>) => toBase64Url(k.publicKey.bytes);

test('takes a verifier key string (keeping its origin) or a bare base64url key', () => {
  const vkey = formatVerifierKey('writ.test/ledger-1', publicKey);
  expect(vkey.ok).toBe(true);
  const fromNote = readTrustedKey(vkey.ok ? vkey.value : '');
  expect([bytesOf(fromNote), fromNote.origin]).toEqual([toBase64Url(publicKey), 'writ.test/ledger-1']);
  expect(bytesOf(readTrustedKey(toBase64Url(publicKey)))).toBe(toBase64Url(publicKey));
});

test('takes a JWKS file with one Ed25519 key, or a Writ key file', () => {
  const jwks = join(dir, 'jwks.json');
  writeFileSync(jwks, JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: toBase64Url(publicKey), kid: 'k' }] }));
  expect(bytesOf(readTrustedKey(jwks))).toBe(toBase64Url(publicKey));
  const keyFile = join(dir, 'ledger.key.json');
  writeFileSync(keyFile, formatKeyFile(seed, 'ledger-1'));
  expect(bytesOf(readTrustedKey(keyFile))).toBe(toBase64Url(publicKey));
});

test('refuses anything else with a reason', () => {
  expect(() => readTrustedKey('not a key')).toThrow(/neither a file/);
  expect(() => readTrustedKey('x+y+z')).toThrow(/--key/);
  expect(() => readTrustedKey(toBase64Url(new Uint8Array(32)))).toThrow(/--key/);
  const empty = join(dir, 'empty.json');
  writeFileSync(empty, JSON.stringify({ keys: [] }));
  expect(() => readTrustedKey(empty)).toThrow(/exactly one Ed25519 key/);
});
