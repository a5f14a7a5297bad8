// Key generation and signing, with @noble/ed25519 so that the SDK signs the same way in
// Node, browsers and edge runtimes. Ed25519 signing is deterministic: the same seed and
// message always give the same 64 bytes.
import { getPublicKey, hashes, sign as nobleSign, utils } from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { PUBLIC_KEY_LENGTH } from './signature-shape';

// noble's synchronous API needs a SHA-512; @noble/hashes' is the same everywhere.
hashes.sha512 = sha512;

export interface KeyPair {
  /** The 32-byte RFC 8032 secret key (seed), not the 64-byte expanded key. */
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
}

export function generateKeyPair(): KeyPair {
  return keyPairFromSeed(utils.randomSecretKey());
}

export function keyPairFromSeed(seed: Uint8Array): KeyPair {
  assertSeed(seed);
  const own = seed.slice(); // the caller may reuse or wipe its buffer
  return Object.freeze({ seed: own, publicKey: getPublicKey(own) });
}

/** RFC 8032 Ed25519 signature (64 bytes) of `message` under the 32-byte `seed`. */
export function sign(seed: Uint8Array, message: Uint8Array): Uint8Array {
  assertSeed(seed);
  return nobleSign(message, seed);
}

// A wrong-sized seed is a programming error on our own secret, not attacker input.
function assertSeed(seed: Uint8Array): void {
  if (seed.length !== PUBLIC_KEY_LENGTH) {
    throw new RangeError(`an Ed25519 seed is ${PUBLIC_KEY_LENGTH} bytes, got ${seed.length}`);
  }
}
