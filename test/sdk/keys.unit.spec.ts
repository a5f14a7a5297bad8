// Keys and the one key file format the SDK and the server share.
import { bytesToHex, fromBase64Url, hexToBytes, toBase64Url } from '../../src/integrity/bytes';
import { exportKeys, generateKeys, importKeys, keysFromSeed, parseKeyFile, toKeyFile } from '../../src/sdk';
import { readSharedJson } from '../support/vectors';

interface Rfc8032 {
  vectors: { secretKey: string; publicKey: string }[];
}
const rfc = readSharedJson<Rfc8032>('ed25519', 'rfc8032-7.1.json').vectors;

test.each(rfc.map((v) => [v.secretKey.slice(0, 8), v] as const))('keysFromSeed derives the RFC 8032 public key (%s...)', (_id, v) => {
  const keys = keysFromSeed(hexToBytes(v.secretKey));
  expect(bytesToHex(keys.publicKey)).toBe(v.publicKey);
  expect(keys.publicKeyBase64Url).toBe(toBase64Url(hexToBytes(v.publicKey)));
  expect(keysFromSeed(toBase64Url(hexToBytes(v.secretKey))).publicKeyBase64Url).toBe(keys.publicKeyBase64Url);
});

test('generateKeys gives fresh 32-byte keys whose public key matches the seed', () => {
  const a = generateKeys();
  const b = generateKeys();
  expect(a.seed).toHaveLength(32);
  expect(bytesToHex(a.seed)).not.toBe(bytesToHex(b.seed));
  expect(keysFromSeed(a.seed).publicKeyBase64Url).toBe(a.publicKeyBase64Url);
  expect(fromBase64Url(a.publicKeyBase64Url)).toEqual(a.publicKey);
});

test('a seed of the wrong size or encoding is a programming error', () => {
  expect(() => keysFromSeed(new Uint8Array(31))).toThrow(RangeError);
  expect(() => keysFromSeed('not base64url!')).toThrow(RangeError);
});

test('the key file has exactly the shared format', () => {
  const keys = keysFromSeed(hexToBytes(rfc[0]!.secretKey));
  expect(JSON.parse(exportKeys(keys, 'admin-1'))).toEqual({
    kind: 'writ-ed25519',
    id: 'admin-1',
    seed: toBase64Url(keys.seed),
    publicKey: keys.publicKeyBase64Url,
  });
  expect(exportKeys(keys)).toMatch(/^\{\n {2}"kind": "writ-ed25519",\n[\s\S]*\}\n$/);
  expect(toKeyFile(keys.seed)).not.toHaveProperty('id');
});

test('export then import gives the same keys and id, from text or parsed JSON', () => {
  const keys = generateKeys();
  const text = exportKeys(keys, 'human-1');
  for (const input of [text, JSON.parse(text) as unknown]) {
    const back = importKeys(input);
    expect(back.ok && [back.value.id, bytesToHex(back.value.seed), back.value.publicKeyBase64Url]).toEqual([
      'human-1',
      bytesToHex(keys.seed),
      keys.publicKeyBase64Url,
    ]);
  }
});

const good = toKeyFile(hexToBytes(rfc[1]!.secretKey), 'p-1');
const pathsOf = (input: unknown) => {
  const r = parseKeyFile(input);
  return r.ok ? [] : r.problems.map((p) => `${p.code}@${p.path}`);
};

test.each([
  ['not JSON', '{"kind":', ['key.malformed@']],
  ['another kind', { ...good, kind: 'jwk' }, ['key.malformed@kind']],
  ['a short seed', { ...good, seed: good.seed.slice(0, 40) }, ['key.malformed@seed']],
  ['a padded seed', { ...good, seed: `${good.seed}=` }, ['key.malformed@seed']],
  ['an empty id', { ...good, id: '' }, ['key.malformed@id']],
  ['an unknown field', { ...good, secret: 'x' }, ['key.malformed@secret']],
  ['a public key of another seed', { ...good, publicKey: toKeyFile(new Uint8Array(32)).publicKey }, ['key.malformed@publicKey']],
  ['several bad fields', { kind: 'x', seed: 1 }, ['key.malformed@kind', 'key.malformed@seed', 'key.malformed@publicKey']],
])('a key file with %s is refused with every bad path', (_name, input, expected) => {
  expect(pathsOf(input)).toEqual(expected);
});

test('problems never echo the secret seed', () => {
  const r = parseKeyFile({ ...good, publicKey: toKeyFile(new Uint8Array(32)).publicKey });
  expect(JSON.stringify(r)).not.toContain(good.seed);
  const broken = parseKeyFile(JSON.stringify(good).slice(0, -2));
  expect(JSON.stringify(broken)).not.toContain(good.seed);
});
