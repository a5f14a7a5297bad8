// Hashing of the verifiable state map (docs/evidence-bundle.md). One-byte prefixes keep
// a leaf, an interior node and the empty subtree apart, and apart from the log's RFC 9162
// hashes (0x00, 0x01): no hash of one kind can be offered as another.
import { sha256, sha256Utf8 } from '../sha256';

/** Bytes in every key, value and hash of the map. */
export const STATE_HASH_SIZE = 32;
/** Children of an interior node: one per value of a 4-bit digit (nibble) of the key. */
export const STATE_ARITY = 16;
/** Keys are SHA-256 digests, so a path from the root has at most 64 nibbles. */
export const STATE_KEY_NIBBLES = 64;

export const STATE_LEAF_PREFIX = 0x10;
export const STATE_NODE_PREFIX = 0x11;
export const STATE_EMPTY_PREFIX = 0x12;

/** Bytes hashed for an interior node: the prefix and its sixteen children's hashes. */
export const STATE_NODE_INPUT_SIZE = 1 + STATE_ARITY * STATE_HASH_SIZE;

const leafScratch = new Uint8Array(1 + 2 * STATE_HASH_SIZE);
leafScratch[0] = STATE_LEAF_PREFIX;
let empty: Uint8Array | undefined;
let emptyNode: Uint8Array | undefined;

/** The map key of a name: SHA-256 of its UTF-8 bytes. */
export function stateKey(name: string): Uint8Array {
  return sha256Utf8(name);
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

/**
 * A new interior node's hash input with every child empty: 0x11 followed by sixteen
 * empty subtree hashes. Nodes keep their input and overwrite the slots of the children
 * that change, so rehashing a node costs one SHA-256 call.
 */
export function emptyNodeInput(): Uint8Array {
  if (emptyNode === undefined) {
    emptyNode = new Uint8Array(STATE_NODE_INPUT_SIZE);
    emptyNode[0] = STATE_NODE_PREFIX;
    for (let i = 0; i < STATE_ARITY; i++) emptyNode.set(emptyStateHash(), 1 + i * STATE_HASH_SIZE);
  }
  return emptyNode.slice();
}

/** A subtree holding two entries or more: SHA-256(0x11 || child 0 || ... || child 15). */
export function stateNodeHash(children: readonly Uint8Array[]): Uint8Array {
  if (children.length !== STATE_ARITY) throw new RangeError(`an interior node has ${STATE_ARITY} children`);
  const input = new Uint8Array(STATE_NODE_INPUT_SIZE);
  input[0] = STATE_NODE_PREFIX;
  children.forEach((child, i) => input.set(child, 1 + i * STATE_HASH_SIZE));
  return sha256(input);
}

/** Nibble `depth` of a key, the high half of byte 0 first: which child the key goes under. */
export function keyNibble(key: Uint8Array, depth: number): number {
  return (key[depth >> 1]! >> ((depth & 1) === 0 ? 4 : 0)) & 15;
}
