// The verifiable state map: a sparse Merkle tree over 256-bit keys in which a subtree
// holding one entry is that entry's leaf, wherever it sits, and an empty subtree is one
// constant (as in Diem's and Aptos's sparse Merkle trees). The root depends on the set
// of entries alone; an update rehashes only the path to its leaf, about log2(n) + 2
// nodes instead of 256, and a proof has that many hashes. Entries are never removed
// (the ledger never forgets an entity), so no subtree ever has to collapse.
// Hashes are computed lazily: an update copies its path with the hashes left out, and
// rootHash() hashes what is missing once, so a commit batch's updates share the
// hashing of their common ancestors.
import { bytesToHex } from '../bytes';
import { emptyStateHash, keyBit, STATE_HASH_SIZE, STATE_KEY_BITS, stateLeafHash, stateNodeHash } from './hashing';
import type { StateProof } from './state-proof';

interface Leaf {
  readonly kind: 'leaf';
  readonly key: Uint8Array;
  readonly value: Uint8Array;
  readonly hash: Uint8Array;
}

interface Branch {
  readonly kind: 'branch';
  readonly left: Node | undefined;
  readonly right: Node | undefined;
  /** Computed on first use; the children never change, so it never goes stale. */
  hash: Uint8Array | undefined;
}

type Node = Leaf | Branch;

/**
 * The map at one moment. Nodes are never changed once made (an update copies the path
 * to its leaf), so a snapshot stays valid while the map moves on, and shares every
 * untouched subtree, with its hashes, with the map.
 */
export class StateSnapshot {
  constructor(
    private readonly root: Node | undefined,
    /** Entries in the map. */
    readonly size: number,
  ) {}

  /** The root hash; the empty map's is the empty subtree hash. */
  rootHash(): Uint8Array {
    return hashOf(this.root);
  }

  /** This map with `key` set to `value` (both 32 bytes, copied); this one is unchanged. */
  with(key: Uint8Array, value: Uint8Array): StateSnapshot {
    if (key.length !== STATE_HASH_SIZE || value.length !== STATE_HASH_SIZE) throw new RangeError('state map keys and values are 32 bytes');
    const added = this.get(key) === undefined ? 1 : 0;
    return new StateSnapshot(insert(this.root, newLeaf(key, value), 0), this.size + added);
  }

  /** The value of a key, if it is in the map. */
  get(key: Uint8Array): Uint8Array | undefined {
    let node = this.root;
    for (let depth = 0; node !== undefined; depth++) {
      if (node.kind === 'leaf') return sameKey(node.key, key) ? node.value : undefined;
      node = keyBit(key, depth) === 0 ? node.left : node.right;
    }
    return undefined;
  }

  /**
   * The path to where `key` is or would be: the siblings from the root down, and the
   * leaf found there (the key's own, another key's sharing the path, or none).
   */
  prove(key: Uint8Array): StateProof {
    const siblings: string[] = [];
    let node = this.root;
    for (let depth = 0; node !== undefined && node.kind === 'branch'; depth++) {
      const right = keyBit(key, depth) === 1;
      siblings.push(bytesToHex(hashOf(right ? node.left : node.right)));
      node = right ? node.right : node.left;
    }
    const leaf = node === undefined ? null : { key: bytesToHex(node.key), value: bytesToHex(node.value) };
    return { siblings, leaf };
  }
}

export class StateMap {
  private current = new StateSnapshot(undefined, 0);

  get size(): number {
    return this.current.size;
  }

  /** Sets the value (32 bytes) of a key (32 bytes); both are copied. */
  set(key: Uint8Array, value: Uint8Array): void {
    this.current = this.current.with(key, value);
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.current.get(key);
  }

  rootHash(): Uint8Array {
    return this.current.rootHash();
  }

  prove(key: Uint8Array): StateProof {
    return this.current.prove(key);
  }

  /** The map as it is now, unaffected by later updates (costs nothing). */
  snapshot(): StateSnapshot {
    return this.current;
  }
}

function insert(node: Node | undefined, leaf: Leaf, depth: number): Node {
  if (node === undefined) return leaf;
  if (node.kind === 'leaf') return sameKey(node.key, leaf.key) ? leaf : split(node, leaf, depth);
  return keyBit(leaf.key, depth) === 0 ? branch(insert(node.left, leaf, depth + 1), node.right) : branch(node.left, insert(node.right, leaf, depth + 1));
}

const branch = (left: Node | undefined, right: Node | undefined): Branch => ({ kind: 'branch', left, right, hash: undefined });

function newLeaf(key: Uint8Array, value: Uint8Array): Leaf {
  const k = Uint8Array.from(key);
  const v = Uint8Array.from(value);
  return { kind: 'leaf', key: k, value: v, hash: stateLeafHash(k, v) };
}

/** Two leaves under one path from `depth`: branches down to the first bit where their keys differ. */
function split(existing: Leaf, added: Leaf, depth: number): Node {
  if (depth >= STATE_KEY_BITS) throw new Error('two different keys share all 256 bits');
  const a = keyBit(existing.key, depth);
  if (a !== keyBit(added.key, depth)) return a === 0 ? branch(existing, added) : branch(added, existing);
  const below = split(existing, added, depth + 1);
  return a === 0 ? branch(below, undefined) : branch(undefined, below);
}

function hashOf(node: Node | undefined): Uint8Array {
  if (node === undefined) return emptyStateHash();
  if (node.kind === 'leaf') return node.hash;
  node.hash ??= stateNodeHash(hashOf(node.left), hashOf(node.right));
  return node.hash;
}

function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < STATE_HASH_SIZE; i++) if (a[i] !== b[i]) return false;
  return true;
}
