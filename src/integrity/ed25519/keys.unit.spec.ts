import { readSharedJson } from '../../../test/support/vectors';
import { bytesToHex, hexToBytes } from '../bytes';
import { checkPublicKey, generateKeyPair, keyPairFromSeed, nobleVerifier, sign } from '.';
import { nodeVerifier } from './node-verifier';

interface RfcVector { name: string; secretKey: string; publicKey: string; message: string; signature: string }
const rfc8032 = readSharedJson<{ vectors: RfcVector[] }>('ed25519', 'rfc8032-7.1.json').vectors;

test('the RFC 8032 7.1 file holds the five vectors', () => {
  expect(rfc8032.map((v) => v.name)).toEqual(['TEST 1', 'TEST 2', 'TEST 3', 'TEST 1024', 'TEST SHA(abc)']);
});

describe.each(rfc8032.map((v) => [v.name, v] as const))('RFC 8032 7.1 %s', (_name, v) => {
  test('the public key derived from the seed is the RFC one', () => {
    expect(bytesToHex(keyPairFromSeed(hexToBytes(v.secretKey)).publicKey)).toBe(v.publicKey);
  });

  test('signing gives the RFC signature byte for byte', () => {
    expect(bytesToHex(sign(hexToBytes(v.secretKey), hexToBytes(v.message)))).toBe(v.signature);
  });
});

test('generateKeyPair makes a fresh 32-byte seed whose public key and signatures check out', () => {
  const a = generateKeyPair();
  const b = generateKeyPair();
  expect(a.seed).toHaveLength(32);
  expect(bytesToHex(a.seed)).not.toBe(bytesToHex(b.seed));
  expect(a.publicKey).toEqual(keyPairFromSeed(a.seed).publicKey);
  const key = checkPublicKey(a.publicKey);
  const message = new Uint8Array([1, 2, 3]);
  expect(key.ok && nobleVerifier.verify(key.value, message, sign(a.seed, message))).toBe(true);
  expect(key.ok && nodeVerifier.verify(key.value, message, sign(a.seed, message))).toBe(true);
});

test('keyPairFromSeed keeps its own copy of the seed', () => {
  const seed = hexToBytes(rfc8032[0]!.secretKey);
  const pair = keyPairFromSeed(seed);
  seed.fill(0);
  expect(bytesToHex(pair.seed)).toBe(rfc8032[0]!.secretKey);
});

test.each([0, 31, 33, 64])('a %i-byte seed is a programming error and throws RangeError', (length) => {
  expect(() => keyPairFromSeed(new Uint8Array(length))).toThrow(RangeError);
  expect(() => sign(new Uint8Array(length), new Uint8Array(1))).toThrow(RangeError);
});
