// The in-place Merkle hashes are SHA-256 of RFC 9162's prefixed inputs, byte for byte:
// held to the general hashing (leafHash, nodeHash) on random inputs and offsets, with
// outputs that overlap their inputs.
import fc from 'fast-check';
import { portableSha256 } from '../sha256';
import { leafHash, nodeHash } from './hashing';
import { leafHashInto, nodeHashInto } from './merkle-sha256';

const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

test('leaf hash: SHA-256(0x00 || input), at any offset', () => {
  fc.assert(
    fc.property(bytes32, fc.nat(40), fc.nat(40), (input, at, outAt) => {
      const src = new Uint8Array(at + 32);
      src.set(input, at);
      const out = new Uint8Array(outAt + 32);
      leafHashInto(src, at, out, outAt);
      expect(out.subarray(outAt)).toEqual(leafHash(input));
      expect(out.subarray(outAt)).toEqual(portableSha256(Uint8Array.of(0, ...input)));
    }),
  );
});

test('node hash: SHA-256(0x01 || left || right), also written over its own inputs', () => {
  fc.assert(
    fc.property(bytes32, bytes32, (left, right) => {
      const expected = nodeHash(left, right);
      expect(expected).toEqual(portableSha256(Uint8Array.of(1, ...left, ...right)));
      const buf = new Uint8Array(64);
      buf.set(left, 0);
      buf.set(right, 32);
      const out = new Uint8Array(32);
      nodeHashInto(buf, 0, buf, 32, out, 0);
      expect(out).toEqual(expected);
      nodeHashInto(buf, 0, buf, 32, buf, 0); // over the left input
      expect(buf.subarray(0, 32)).toEqual(expected);
      buf.set(left, 0);
      nodeHashInto(buf, 0, buf, 32, buf, 32); // over the right input
      expect(buf.subarray(32)).toEqual(expected);
    }),
  );
});

test('all-zero inputs (the padding bytes in place are not mistaken for input)', () => {
  const zero = new Uint8Array(32);
  const out = new Uint8Array(32);
  leafHashInto(zero, 0, out, 0);
  expect(Buffer.from(out).toString('hex')).toBe(Buffer.from(portableSha256(new Uint8Array(33))).toString('hex'));
  nodeHashInto(zero, 0, zero, 0, out, 0);
  expect(Buffer.from(out).toString('hex')).toBe(Buffer.from(portableSha256(Uint8Array.of(1, ...new Uint8Array(64)))).toString('hex'));
});
