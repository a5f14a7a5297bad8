// Property tests on every path (as noble-curves' own ed25519 tests do): honest
// signatures always verify, and any single flipped bit anywhere is caught.
import fc from 'fast-check';
import * as ed from '@noble/ed25519';
import { signWithTorsionedR } from '../../../test/support/crafted-signatures';
import { checkPublicKey, keyPairFromSeed, nobleVerifier, sign, verifyDetached, type Ed25519Verifier } from '.';
import { nodeVerifier } from './node-verifier';
import { acceleratedVerifier, loadNativeEd25519 } from './sodium-native';

const verifiers: Ed25519Verifier[] = [nobleVerifier, nodeVerifier, acceleratedVerifier(loadNativeEd25519({}))];
const seeds = fc.uint8Array({ minLength: 32, maxLength: 32 });
const messages = fc.uint8Array({ minLength: 1, maxLength: 200 });
const runs = { numRuns: 60 };

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

describe.each(verifiers)('$name path', (verifier) => {
  test('a signature from any seed over any message verifies', () => {
    fc.assert(
      fc.property(seeds, fc.uint8Array({ maxLength: 200 }), (seed, message) => {
        const { publicKey } = keyPairFromSeed(seed);
        return verifyDetached(verifier, publicKey, message, sign(seed, message));
      }),
      runs,
    );
  });

  const flips = {
    message: (m: Uint8Array, s: Uint8Array, k: Uint8Array, n: number) => [k, flipBit(m, n % (m.length * 8)), s],
    signature: (m: Uint8Array, s: Uint8Array, k: Uint8Array, n: number) => [k, m, flipBit(s, n % 512)],
    key: (m: Uint8Array, s: Uint8Array, k: Uint8Array, n: number) => [flipBit(k, n % 256), m, s],
  } as const;

  test.each(Object.keys(flips) as (keyof typeof flips)[])('any single flipped bit in the %s is refused', (part) => {
    fc.assert(
      fc.property(seeds, messages, fc.nat(), (seed, message, n) => {
        const { publicKey } = keyPairFromSeed(seed);
        const [k, m, s] = flips[part](message, sign(seed, message), publicKey, n);
        return !verifyDetached(verifier, k!, m!, s!);
      }),
      runs,
    );
  });
});

// The canonical encodings of the eight points of order 1, 2, 4 and 8 (CCTV README).
const TORSION = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
].map((hex) => ed.Point.fromHex(hex));


test.each(TORSION.map((_, i) => i))(
  'torsion point %i added to R: bare noble (cofactored) accepts, every Writ path refuses unless it is the identity',
  (i) => {
    const scalars = fc.bigInt({ min: 1n, max: ed.Point.CURVE().n - 1n });
    fc.assert(
      fc.property(seeds, messages, scalars, (seed, message, r) => {
        const signature = signWithTorsionedR(seed, message, r, TORSION[i]!);
        const key = checkPublicKey(keyPairFromSeed(seed).publicKey);
        if (!key.ok) return false;
        const bareCofactored = ed.verify(signature, message, key.value.bytes, { zip215: false });
        const writ = verifiers.map((v) => v.verify(key.value, message, signature));
        // With T the identity it is an honest signature, which shows the construction is right.
        return bareCofactored && writ.every((verdict) => verdict === (i === 0));
      }),
      { numRuns: 10 },
    );
  },
);
