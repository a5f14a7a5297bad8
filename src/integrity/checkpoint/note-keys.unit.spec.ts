// Verifier and signer key text forms: what is refused, and that secrets stay out of
// problems. The upstream vectors are in note-vectors.unit.spec.ts.
import type { Problem } from '../../errors/problem';
import { bytesToHex, concatBytes, hexToBytes, toBase64, utf8ToBytes } from '../bytes';
import { checkPublicKey, generateKeyPair, keyPairFromSeed } from '../ed25519';
import { sha256 } from '../sha256';
import { formatSignerKey, formatVerifierKey, noteKeyId, noteVerifierKey, parseSignerKey, parseVerifierKey } from '.';

const codes = (problems: readonly Problem[]) => problems.map((p) => p.code);
const NAME = 'writ.local/ledger-1';

/** A fixed key whose base64 holds '+' or '/', so that base64url and '+' splitting are exercised. */
function fixedPair(): ReturnType<typeof keyPairFromSeed> {
  for (let i = 0; ; i++) {
    const candidate = keyPairFromSeed(sha256(utf8ToBytes(`note-keys ${i}`)));
    if (/[+/]/.test(toBase64(concatBytes(Uint8Array.of(1), candidate.publicKey)))) return candidate;
  }
}
const pair = fixedPair();

/** A vkey whose key ID is computed over whatever typed key material it carries. */
function vkeyOver(name: string, material: Uint8Array): string {
  const id = bytesToHex(sha256(concatBytes(utf8ToBytes(name), Uint8Array.of(0x0a), material)).subarray(0, 4));
  return `${name}+${id}+${toBase64(material)}`;
}

test('format then parse gives the key back; the key ID is the C2SP one', () => {
  const vkey = formatVerifierKey(NAME, pair.publicKey);
  const parsed = vkey.ok ? parseVerifierKey(vkey.value) : vkey;
  expect(parsed.ok && { name: parsed.value.name, keyId: parsed.value.keyId, key: parsed.value.publicKey.bytes }).toEqual({
    name: NAME,
    keyId: noteKeyId(NAME, pair.publicKey),
    key: pair.publicKey,
  });
  expect(vkey.ok && vkey.value).toBe(vkeyOver(NAME, concatBytes(Uint8Array.of(1), pair.publicKey)));
});

test('noteVerifierKey gives the same key as parsing its vkey', () => {
  const checked = checkPublicKey(pair.publicKey);
  const built = checked.ok ? noteVerifierKey(NAME, checked.value) : checked;
  const parsed = parseVerifierKey(vkeyOver(NAME, concatBytes(Uint8Array.of(1), pair.publicKey)));
  expect(built.ok && built.value.keyId).toBe(parsed.ok && parsed.value.keyId);
  expect(checked.ok && noteVerifierKey('bad name', checked.value).ok).toBe(false);
});

describe('parseVerifierKey refuses', () => {
  const good = vkeyOver(NAME, concatBytes(Uint8Array.of(1), pair.publicKey));
  const [name, id, encoded] = [NAME, good.split('+')[1]!, good.slice(good.indexOf('+', NAME.length + 1) + 1)];
  const smallOrder = concatBytes(Uint8Array.of(1), hexToBytes('01'.padEnd(64, '0')));
  test.each([
    ['an uppercase key ID', `${name}+${id.toUpperCase()}+${encoded}`, 'key.malformed'],
    ['a short key ID', `${name}+${id.slice(1)}+${encoded}`, 'key.malformed'],
    ['a wrong key ID', `${name}+${id === '00000000' ? '00000001' : '00000000'}+${encoded}`, 'key.malformed'],
    ['no key', `${name}+${id}`, 'key.malformed'],
    ['an empty key', `${name}+${id}+`, 'key.malformed'],
    ['a space in the name', vkeyOver('writ local', concatBytes(Uint8Array.of(1), pair.publicKey)), 'key.malformed'],
    ['an empty name', vkeyOver('', concatBytes(Uint8Array.of(1), pair.publicKey)), 'key.malformed'],
    ['an ECDSA (0x02) type byte', vkeyOver(NAME, concatBytes(Uint8Array.of(2), pair.publicKey)), 'key.malformed'],
    ['a 31-byte key', vkeyOver(NAME, concatBytes(Uint8Array.of(1), pair.publicKey.subarray(1))), 'key.malformed'],
    ['base64url', `${name}+${id}+${encoded.replace(/\//g, '_').replace(/\+/g, '-')}`, 'key.malformed'],
    ['a small-order key, even with a matching key ID', vkeyOver(NAME, smallOrder), 'key.small_order'],
  ])('%s', (_what, vkey, code) => {
    const parsed = parseVerifierKey(vkey);
    expect(parsed.ok ? [] : codes(parsed.problems)).toEqual([code]);
  });
});

describe('signer keys', () => {
  const signer = { name: NAME, seed: pair.seed };
  const skey = formatSignerKey(signer);
  const text = skey.ok ? skey.value : '';

  test('format then parse gives the seed back', () => {
    expect(skey.ok && text.startsWith(`PRIVATE+KEY+${NAME}+${noteKeyId(NAME, pair.publicKey)}+`)).toBe(true);
    const parsed = parseSignerKey(text);
    expect(parsed.ok && parsed.value).toEqual(signer);
  });

  const seedBase64 = text.slice(text.lastIndexOf('+', text.length - 45) + 1);
  test.each([
    ['a vkey', text.replace('PRIVATE+KEY+', '')],
    ['a lowercase prefix', text.replace('PRIVATE+KEY+', 'private+key+')],
    ['a key ID of another key', text.replace(noteKeyId(NAME, pair.publicKey), noteKeyId(NAME, generateKeyPair().publicKey))],
    ['a key ID under another name', text.replace(NAME, 'writ.local/ledger-2')],
    ['a wrong type byte', text.replace(seedBase64, toBase64(concatBytes(Uint8Array.of(2), pair.seed)))],
    ['a 31-byte seed', text.replace(seedBase64, toBase64(concatBytes(Uint8Array.of(1), pair.seed.subarray(1))))],
  ])('refuses %s, without echoing the secret', (_what, bad) => {
    const parsed = parseSignerKey(bad);
    expect(parsed.ok ? [] : codes(parsed.problems)).toEqual(['key.malformed']);
    expect(JSON.stringify(parsed)).not.toContain(seedBase64.slice(4, 40));
  });

  test('formatting refuses a bad name or seed', () => {
    expect(formatSignerKey({ name: 'a b', seed: pair.seed }).ok).toBe(false);
    expect(formatSignerKey({ name: NAME, seed: new Uint8Array(33) }).ok).toBe(false);
    expect(formatVerifierKey('a+b', pair.publicKey).ok).toBe(false);
    expect(formatVerifierKey(NAME, new Uint8Array(31)).ok).toBe(false);
  });
});
