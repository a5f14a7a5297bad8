// RFC 9162 §2.1.1 hashing. The one-byte prefixes keep a leaf from ever being read as an
// interior node (second-preimage resistance), which is why leaves and nodes never share
// a function.
import { concatBytes } from '../bytes';
import { sha256 } from '../sha256';

/** Bytes in every Merkle hash (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** MTH of the empty tree: SHA-256 of the empty string. */
export function emptyRoot(): Uint8Array {
  return sha256(new Uint8Array(0));
}

/** Leaf hash: SHA-256(0x00 || input). Writ's leaf input is the 32 raw bytes of an envelope hash. */
export function leafHash(input: Uint8Array): Uint8Array {
  return sha256(concatBytes(LEAF_PREFIX, input));
}

/** Interior node hash: SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(concatBytes(NODE_PREFIX, left, right));
}
