import { Point } from '@noble/ed25519';
import { bytesToHex, hexToBytes } from '../bytes';
import { checkPublicKey, keyPairFromSeed, nobleVerifier, sign, verifyDetached, type PublicKey } from '.';
import { nodeVerifier } from './node-verifier';

const pair = keyPairFromSeed(hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'));
const message = new TextEncoder().encode('writ');
const signature = sign(pair.seed, message);
const codeOf = (bytes: Uint8Array): string => {
  const r = checkPublicKey(bytes);
  return r.ok ? 'accepted' : r.problems[0].code;
};

// Canonical encodings of the eight points of order 1, 2, 4 and 8 (CCTV README).
const LOW_ORDER = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
];

test('a key of prime order is accepted, with its bytes', () => {
  const r = checkPublicKey(pair.publicKey);
  expect(r.ok && bytesToHex(r.value.bytes)).toBe(bytesToHex(pair.publicKey));
});

test.each([0, 31, 33, 64])('a %i-byte key is key.malformed, with its length', (length) => {
  const r = checkPublicKey(new Uint8Array(length));
  expect(r.ok ? undefined : r.problems[0]).toMatchObject({ code: 'key.malformed', path: '', details: { length } });
});

test.each([
  ['y = p (order-4 point, y > p form)', 'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'],
  ['y = p, sign bit set', 'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'],
  ['identity with x = -0', '0100000000000000000000000000000000000000000000000000000000000080'],
  ['identity with y = p + 1', 'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'],
  ['identity with y = p + 1 and x = -0', 'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'],
  ['order-2 point with x = -0', 'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'],
  ['the point y = 3 written as y = p + 3', 'f0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'],
  ['y = 2, not on the curve', '0200000000000000000000000000000000000000000000000000000000000000'],
])('%s is key.malformed', (_what, hex) => {
  expect(codeOf(hexToBytes(hex))).toBe('key.malformed');
});

test.each(LOW_ORDER)('the small-order point %s is key.small_order', (hex) => {
  expect(codeOf(hexToBytes(hex))).toBe('key.small_order');
});

test.each(LOW_ORDER.slice(1))('a prime-order key plus the torsion point %s is key.torsion', (hex) => {
  const mixed = Point.fromBytes(pair.publicKey).add(Point.fromHex(hex)).toBytes();
  expect(codeOf(mixed)).toBe('key.torsion');
});

test.each([nobleVerifier, nodeVerifier])('$name: an object that did not come from checkPublicKey is refused', (verifier) => {
  const forged = { bytes: pair.publicKey } as unknown as PublicKey;
  expect(verifier.verify(forged, message, signature)).toBe(false);
  const checked = checkPublicKey(pair.publicKey);
  expect(checked.ok && verifier.verify(checked.value, message, signature)).toBe(true);
});

test.each([nobleVerifier, nodeVerifier])('$name: changing the bytes after the check changes nothing', (verifier) => {
  const input = pair.publicKey.slice();
  const checked = checkPublicKey(input);
  if (!checked.ok) throw new Error('key refused');
  input.fill(0);
  checked.value.bytes.fill(0);
  expect(verifier.verify(checked.value, message, signature)).toBe(true);
});

test.each([nobleVerifier, nodeVerifier])('$name: verifyDetached refuses a key that fails the policy', (verifier) => {
  expect(verifyDetached(verifier, pair.publicKey, message, signature)).toBe(true);
  expect(verifyDetached(verifier, hexToBytes(LOW_ORDER[0]!), message, signature)).toBe(false);
  expect(verifyDetached(verifier, pair.publicKey.subarray(1), message, signature)).toBe(false);
});
