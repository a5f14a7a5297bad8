import fc from 'fast-check';
import { Point } from '@noble/ed25519';
import { hasSignatureShape } from './signature-shape';

const L = Point.CURVE().n;

/** The RFC-literal reference: read S as a little-endian integer and compare. */
const referenceShape = (sig: Uint8Array): boolean =>
  sig.length === 64 && sig.subarray(32).reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n) < L;

function withS(s: bigint): Uint8Array {
  const sig = new Uint8Array(64).fill(0xaa, 0, 32); // R is not looked at
  for (let i = 0; i < 32; i++) sig[32 + i] = Number((s >> BigInt(8 * i)) & 0xffn);
  return sig;
}

test.each([
  ['0', 0n, true],
  ['L - 1', L - 1n, true],
  ['L', L, false],
  ['L + 1', L + 1n, false],
  ['2^252', 2n ** 252n, true],
  ['2^253', 2n ** 253n, false],
  ['2^256 - 1', 2n ** 256n - 1n, false],
])('S = %s: shape ok is %p', (_name, s, expected) => {
  expect(hasSignatureShape(withS(s))).toBe(expected);
});

test.each([0, 32, 63, 65, 128])('a %i-byte signature is refused', (length) => {
  expect(hasSignatureShape(new Uint8Array(length))).toBe(false);
});

test('the byte comparison agrees with the integer comparison S < L', () => {
  const nearL = fc.bigInt({ min: L - 2n ** 130n, max: L + 2n ** 130n }).map(withS);
  const anyS = fc.uint8Array({ minLength: 64, maxLength: 64 });
  fc.assert(fc.property(fc.oneof(nearL, anyS), (sig) => hasSignatureShape(sig) === referenceShape(sig)), { numRuns: 2000 });
});
