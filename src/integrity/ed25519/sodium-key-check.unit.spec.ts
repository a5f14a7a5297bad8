// libsodium accepts keys on noble's behalf once installed (sodium-key-check.ts: its
// WebAssembly build; sodium-native.ts: its native one). These tests hold each to noble's
// verdict, key by key, on every public key in the outside
// vectors and on random points of every order, so installing it changes speed only.
import { Point } from '@noble/ed25519';
import fc from 'fast-check';
import { readSharedJson } from '../../../test/support/vectors';
import { hexToBytes } from '../bytes';
import { checkPublicKey, keyPairFromSeed, nobleVerifier, sign } from '.';
import { currentKeyPolicyCheck, useKeyPolicyCheck } from './public-key';
import { installSodiumKeyCheck } from './sodium-key-check';
import { installKeyCheck, loadNativeEd25519 } from './sodium-native';

const verdict = (bytes: Uint8Array): string => {
  const r = checkPublicKey(bytes);
  return r.ok ? 'accepted' : r.problems[0].code;
};

/** The verdicts of noble alone and with libsodium installed, for the same keys. */
async function bothVerdicts(install: () => Promise<void>, keys: readonly Uint8Array[]): Promise<{ noble: string[]; sodium: string[] }> {
  useKeyPolicyCheck(undefined);
  const noble = keys.map(verdict);
  await install();
  const sodium = keys.map(verdict);
  return { noble, sodium };
}

const installers: [string, () => Promise<void>][] = [
  ['WebAssembly', installSodiumKeyCheck],
  ['native', () => {
    const native = loadNativeEd25519({});
    if (native === undefined) throw new Error('sodium-native did not load');
    return installKeyCheck(native);
  }],
];

afterEach(() => useKeyPolicyCheck(undefined));

const ED = 'ed25519';
const vectorKeys = (): Uint8Array[] => [
  ...readSharedJson<{ vectors: { publicKey: string }[] }>(ED, 'rfc8032-7.1.json').vectors.map((v) => v.publicKey),
  ...readSharedJson<{ testGroups: { publicKey: { pk: string } }[] }>(ED, 'wycheproof', 'ed25519_test.json').testGroups.map((g) => g.publicKey.pk),
  ...readSharedJson<{ pub_key: string }[]>(ED, 'speccheck', 'cases.json').map((c) => c.pub_key),
  ...readSharedJson<{ key: string }[]>(ED, 'cctv', 'ed25519vectors.json').map((v) => v.key),
].map(hexToBytes);

// The point of order 8 (CCTV README); its multiples give every torsion component.
const T8 = Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa');

describe.each(installers)('libsodium %s', (_name, install) => {
  test('every public key of the outside vectors gets the same verdict with and without libsodium', async () => {
    const keys = vectorKeys();
    const { noble, sodium } = await bothVerdicts(install, keys);
    expect(sodium).toEqual(noble);
    // The vectors exercise every branch: the comparison above is not between two "accepted" lists.
    expect(new Set(noble)).toEqual(new Set(['accepted', 'key.malformed', 'key.small_order', 'key.torsion']));
  });

  test('prime-order keys plus each torsion point: the same verdict, and only the torsion-free ones are accepted', async () => {
    const keys: Uint8Array[] = [];
    for (let seed = 1; seed <= 8; seed++) {
      const base = Point.fromBytes(keyPairFromSeed(new Uint8Array(32).fill(seed)).publicKey);
      for (let t = 0; t < 8; t++) keys.push(base.add(T8.multiply(BigInt(t + 8), false)).toBytes());
    }
    const { noble, sodium } = await bothVerdicts(install, keys);
    expect(sodium).toEqual(noble);
    expect(sodium.filter((v, i) => v === 'accepted' && i % 8 !== 0)).toEqual([]);
    expect(sodium.filter((v) => v === 'accepted')).toHaveLength(8);
  });

  test('random 32-byte strings (points of every order, off-curve and non-canonical encodings): the same verdict', async () => {
    await install();
    const sodium = currentKeyPolicyCheck();
    expect(sodium).toBeDefined();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        useKeyPolicyCheck(sodium);
        const withSodium = verdict(bytes);
        useKeyPolicyCheck(undefined);
        return withSodium === verdict(bytes);
      }),
      { numRuns: 300 },
    );
  });

  test('a key accepted through libsodium verifies signatures on the noble path (its point is decoded on demand)', async () => {
    await install();
    const pair = keyPairFromSeed(new Uint8Array(32).fill(7));
    const key = checkPublicKey(pair.publicKey);
    if (!key.ok) throw new Error('refused');
    const message = new TextEncoder().encode('writ');
    expect(nobleVerifier.verify(key.value, message, sign(pair.seed, message))).toBe(true);
    expect(nobleVerifier.verify(key.value, message, sign(keyPairFromSeed(new Uint8Array(32).fill(8)).seed, message))).toBe(false);
  });
});
