// RFC 9162 §2.1.1 hashing. The one-byte prefixes keep a leaf from ever being read as an
// interior node (second-preimage resistance), which is why leaves and nodes never share
// a function.
import { sha256 } from '../sha256';

/** Bytes in every Merkle hash (SHA-256). */
export const HASH_SIZE = 32;

// Appends hash once per leaf and once per node on average, so the prefixed input is
// assembled in one reused buffer instead of a fresh concatenation per hash. sha256
// returns new bytes, so nothing aliases the scratch buffers.
const leafScratch = new Uint8Array(1 + HASH_SIZE);
const nodeScratch = new Uint8Array(1 + 2 * HASH_SIZE);
nodeScratch[0] = 0x01;

/** MTH of the empty tree: SHA-256 of the empty string. */
export function emptyRoot(): Uint8Array {
  return sha256(new Uint8Array(0));
}

/** Leaf hash: SHA-256(0x00 || input). Writ's leaf input is the 32 raw bytes of an envelope hash. */
export function leafHash(input: Uint8Array): Uint8Array {
  if (input.length !== HASH_SIZE) {
    const message = new Uint8Array(1 + input.length);
    message.set(input, 1);
    return sha256(message);
  }
  leafScratch.set(input, 1);
  return sha256(leafScratch);
}

/** Interior node hash: SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    const message = new Uint8Array(1 + left.length + right.length);
    message[0] = 0x01;
    message.set(left, 1);
    message.set(right, 1 + left.length);
    return sha256(message);
  }
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + HASH_SIZE);
  return sha256(nodeScratch);
}
