// The native libsodium engine's own contract: the switch, lengths that would make the
// addon throw, and views into larger buffers (the verifier's batches are such views).
// Its verdicts against the outside vectors are in vectors.unit.spec.ts and
// properties.unit.spec.ts, beside the other paths.
import { checkPublicKey, keyPairFromSeed, sign } from '.';
import { nodeVerifier } from './node-verifier';
import { acceleratedVerifier, loadNativeEd25519, NATIVE_SODIUM_SWITCH, signatureEngineName } from './sodium-native';

const native = loadNativeEd25519({})!;
const pair = keyPairFromSeed(new Uint8Array(32).fill(3));
const message = new TextEncoder().encode('writ: native libsodium');
const signature = sign(pair.seed, message);

test('it loads on this machine (npm ci installs the optional package) and can be switched off', () => {
  expect(native).toBeDefined();
  expect(loadNativeEd25519({ [NATIVE_SODIUM_SWITCH]: 'off' })).toBeUndefined();
  expect(acceleratedVerifier(undefined)).toBe(nodeVerifier);
  expect(signatureEngineName(undefined)).toBe('OpenSSL (node:crypto)');
  expect(signatureEngineName(native)).toMatch(/^libsodium/);
});

test('a libsodium whose key check accepts a torsioned key (sodium-native 5.0) is not used', () => {
  const lenient = { crypto_sign_verify_detached: () => true, crypto_core_ed25519_is_valid_point: () => true };
  expect(loadNativeEd25519({}, lenient)).toBeUndefined();
  expect(loadNativeEd25519({}, { ...lenient, crypto_core_ed25519_is_valid_point: () => false })).toBeDefined();
});

test('a valid signature is accepted, one changed byte is not', () => {
  expect(native.accepts(signature, message, pair.publicKey)).toBe(true);
  const bad = signature.slice();
  bad[10]! ^= 1;
  expect(native.accepts(bad, message, pair.publicKey)).toBe(false);
});

test('wrong lengths are refused without throwing (the addon itself throws on them)', () => {
  expect(native.accepts(signature.subarray(0, 63), message, pair.publicKey)).toBe(false);
  expect(native.accepts(new Uint8Array([...signature, 0]), message, pair.publicKey)).toBe(false);
  expect(native.accepts(signature, message, pair.publicKey.subarray(0, 31))).toBe(false);
  expect(native.isValidPoint(pair.publicKey.subarray(0, 31))).toBe(false);
  expect(native.isValidPoint(pair.publicKey)).toBe(true);
});

test('views at an offset into larger buffers are read where they point', () => {
  const place = (bytes: Uint8Array, at: number): Uint8Array => {
    const big = new Uint8Array(at + bytes.length + 7).fill(0xa5);
    big.set(bytes, at);
    return big.subarray(at, at + bytes.length);
  };
  expect(native.accepts(place(signature, 13), place(message, 5), place(pair.publicKey, 64))).toBe(true);
  expect(native.accepts(place(signature, 13), place(message, 5).subarray(1), place(pair.publicKey, 64))).toBe(false);
});

test('the accelerated verifier refuses keys checkPublicKey did not return and malformed signatures', () => {
  const verifier = acceleratedVerifier(native);
  const key = checkPublicKey(pair.publicKey);
  if (!key.ok) throw new Error('refused');
  expect(verifier.verify(key.value, message, signature)).toBe(true);
  expect(verifier.verify({ bytes: pair.publicKey } as never, message, signature)).toBe(false);
  expect(verifier.verify(key.value, message, signature.subarray(0, 40))).toBe(false);
});
