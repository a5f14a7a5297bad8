// Hashing of the verifiable state map (docs/evidence-bundle.md). One-byte prefixes keep
// a leaf, an interior node and the empty subtree apart, and apart from the log's RFC 9162
// hashes (0x00, 0x01): no hash of one kind can be offered as another.
import { sha256 } from '../sha256';
import { utf8ToBytes } from '../bytes';

/** Bytes in every key, value and hash of the map. */
export const STATE_HASH_SIZE = 32;
/** Keys are SHA-256 digests, so a path from the root has at most 256 steps. */
export const STATE_KEY_BITS = 256;

export const STATE_LEAF_PREFIX = 0x10;
export const STATE_NODE_PREFIX = 0x11;
export const STATE_EMPTY_PREFIX = 0x12;

const leafScratch = new Uint8Array(1 + 2 * STATE_HASH_SIZE);
leafScratch[0] = STATE_LEAF_PREFIX;
const nodeScratch = new Uint8Array(1 + 2 * STATE_HASH_SIZE);
nodeScratch[0] = STATE_NODE_PREFIX;
let empty: Uint8Array | undefined;

/** The map key of a name: SHA-256 of its UTF-8 bytes. */
export function stateKey(name: string): Uint8Array {
  return sha256(utf8ToBytes(name));
}

/** The hash of every empty subtree, at any depth: SHA-256(0x12). */
export function emptyStateHash(): Uint8Array {
  empty ??= sha256(Uint8Array.of(STATE_EMPTY_PREFIX));
  return empty;
}

/** A subtree holding exactly one entry: SHA-256(0x10 || key || value). */
export function stateLeafHash(key: Uint8Array, value: Uint8Array): Uint8Array {
  leafScratch.set(key, 1);
  leafScratch.set(value, 1 + STATE_HASH_SIZE);
  return sha256(leafScratch);
}

/** A subtree holding two entries or more: SHA-256(0x11 || left || right). */
export function stateNodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + STATE_HASH_SIZE);
  return sha256(nodeScratch);
}

/** Bit `depth` of a key, most significant bit of byte 0 first: 0 goes left, 1 right. */
export function keyBit(key: Uint8Array, depth: number): number {
  return (key[depth >> 3]! >> (7 - (depth & 7))) & 1;
}
