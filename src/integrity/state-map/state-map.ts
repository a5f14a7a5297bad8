// The verifiable state map: a sparse Merkle tree of arity 16 over 256-bit keys (64
// nibbles), in which a subtree holding one entry is that entry's leaf, wherever it sits,
// and an empty subtree is one constant (as in Diem's and Aptos's sparse Merkle trees).
// The root depends on the set of entries alone. An update rehashes only the nodes on the
// path to its leaf, about log16(n) + 1 of them (5 at 100,000 entries), each one SHA-256
// call over 513 bytes: the fixed cost of a call, not the bytes, is what a hash costs here
// (bench row "state map: a status change folded and the root rehashed";
// docs/evidence-bundle.md has the figures). Entries are never removed (the ledger never
// forgets an entity), so no subtree ever has to collapse.
// Hashes are computed lazily: an update marks its path stale, and rootHash() hashes what
// is stale once, so a commit batch's updates share the hashing of their common ancestors.
import { bytesToHex } from '../bytes';
import { emptyNodeInput, emptyStateHash, keyNibble, STATE_ARITY, STATE_HASH_SIZE, STATE_KEY_NIBBLES, stateLeafHash } from './hashing';
import { sha256 } from '../sha256';
import type { StateProof } from './state-proof';

interface Leaf {
  readonly kind: 'leaf';
  readonly key: Uint8Array;
  readonly value: Uint8Array;
  readonly hash: Uint8Array;
}

interface Branch {
  readonly kind: 'branch';
  readonly children: (Node | undefined)[];
  /** 0x11 and the children's hashes: the node's hash input, except in the stale slots. */
  readonly input: Uint8Array;
  /** Bit i set: child i changed since its slot in `input` was written. */
  stale: number;
  /** Computed on first use after a change. */
  hash: Uint8Array | undefined;
  /** The map that made this node and may still change it in place (see StateMap.snapshot). */
  readonly owner: object;
}

type Node = Leaf | Branch;

/** A snapshot's root node, for StateMap.from (set in StateSnapshot's static block: the field stays private). */
let rootOf: (snapshot: StateSnapshot) => Node | undefined;

/**
 * The map at one moment: its nodes are never changed again (the map copies a node that
 * a snapshot shares before changing it), so a snapshot stays valid while the map moves
 * on, and shares every untouched subtree, with its hashes, with the map.
 */
export class StateSnapshot {
  constructor(
    private readonly root: Node | undefined,
    /** Entries in the map. */
    readonly size: number,
  ) {}

  static {
    rootOf = (snapshot) => snapshot.root;
  }

  /** The root hash; the empty map's is the empty subtree hash. */
  rootHash(): Uint8Array {
    return hashOf(this.root);
  }

  /** The value of a key, if it is in the map. */
  get(key: Uint8Array): Uint8Array | undefined {
    return lookup(this.root, key);
  }

  /**
   * The path to where `key` is or would be: at each interior node from the root down,
   * the hashes of the fifteen other children (null for an empty one), and the leaf found
   * at the end (the key's own, another key's sharing the path, or none).
   */
  prove(key: Uint8Array): StateProof {
    const siblings: (string | null)[][] = [];
    let node = this.root;
    for (let depth = 0; node !== undefined && node.kind === 'branch'; depth++) {
      const own = keyNibble(key, depth);
      const level: (string | null)[] = [];
      for (let i = 0; i < STATE_ARITY; i++) {
        const child = node.children[i];
        if (i !== own) level.push(child === undefined ? null : bytesToHex(hashOf(child)));
      }
      siblings.push(level);
      node = node.children[own];
    }
    const leaf = node === undefined ? null : { key: bytesToHex(node.key), value: bytesToHex(node.value) };
    return { siblings, leaf };
  }
}

export class StateMap {
  private root: Node | undefined;
  private entries = 0;
  /** Nodes made under this token since the last snapshot are changed in place. */
  private owner: object = {};

  /** A map that starts as `snapshot` and moves on from it (the snapshot is unchanged). */
  static from(snapshot: StateSnapshot): StateMap {
    const map = new StateMap();
    map.root = rootOf(snapshot);
    map.entries = snapshot.size;
    return map;
  }

  get size(): number {
    return this.entries;
  }

  /** Sets the value (32 bytes) of a key (32 bytes); both are copied. */
  set(key: Uint8Array, value: Uint8Array): void {
    if (key.length !== STATE_HASH_SIZE || value.length !== STATE_HASH_SIZE) throw new RangeError('state map keys and values are 32 bytes');
    const k = new Uint8Array(key);
    const v = new Uint8Array(value);
    const leaf: Leaf = { kind: 'leaf', key: k, value: v, hash: stateLeafHash(k, v) };
    added = false;
    this.root = insert(this.root, leaf, 0, this.owner);
    if (added) this.entries++;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return lookup(this.root, key);
  }

  rootHash(): Uint8Array {
    return hashOf(this.root);
  }

  prove(key: Uint8Array): StateProof {
    return new StateSnapshot(this.root, this.entries).prove(key);
  }

  /**
   * The map as it is now, unaffected by later updates. It costs nothing now; the next
   * update of each path copies the nodes it would otherwise have changed in place.
   */
  snapshot(): StateSnapshot {
    this.owner = {};
    return new StateSnapshot(this.root, this.entries);
  }
}

/** Set by insert when the key was not in the map (a module variable: no result object per update). */
let added = false;

function insert(node: Node | undefined, leaf: Leaf, depth: number, owner: object): Node {
  if (node === undefined) {
    added = true;
    return leaf;
  }
  if (node.kind === 'leaf') {
    if (sameKey(node.key, leaf.key)) return leaf;
    added = true;
    return split(node, leaf, depth, owner);
  }
  const i = keyNibble(leaf.key, depth);
  const child = insert(node.children[i], leaf, depth + 1, owner);
  const target = node.owner === owner ? node : copyOf(node, owner);
  target.children[i] = child;
  target.stale |= 1 << i;
  target.hash = undefined;
  return target;
}

function copyOf(node: Branch, owner: object): Branch {
  return { kind: 'branch', children: node.children.slice(), input: node.input.slice(), stale: node.stale, hash: node.hash, owner };
}

/** Two leaves under one path from `depth`: nodes down to the first nibble where their keys differ. */
function split(existing: Leaf, added: Leaf, depth: number, owner: object): Branch {
  if (depth >= STATE_KEY_NIBBLES) throw new Error('two different keys share all 64 nibbles');
  const node: Branch = { kind: 'branch', children: new Array<Node | undefined>(STATE_ARITY).fill(undefined), input: emptyNodeInput(), stale: 0, hash: undefined, owner };
  const a = keyNibble(existing.key, depth);
  const b = keyNibble(added.key, depth);
  if (a !== b) {
    node.children[a] = existing;
    node.children[b] = added;
    node.stale = (1 << a) | (1 << b);
  } else {
    node.children[a] = split(existing, added, depth + 1, owner);
    node.stale = 1 << a;
  }
  return node;
}

function lookup(root: Node | undefined, key: Uint8Array): Uint8Array | undefined {
  let node = root;
  for (let depth = 0; node !== undefined; depth++) {
    if (node.kind === 'leaf') return sameKey(node.key, key) ? node.value : undefined;
    node = node.children[keyNibble(key, depth)];
  }
  return undefined;
}

function hashOf(node: Node | undefined): Uint8Array {
  if (node === undefined) return emptyStateHash();
  if (node.kind === 'leaf') return node.hash;
  if (node.hash === undefined) {
    // Children first, into their slots; then the node's one SHA-256 call.
    for (let stale = node.stale; stale !== 0; ) {
      const i = 31 - Math.clz32(stale);
      stale ^= 1 << i;
      node.input.set(hashOf(node.children[i]), 1 + i * STATE_HASH_SIZE);
    }
    node.stale = 0;
    node.hash = sha256(node.input);
  }
  return node.hash;
}

function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < STATE_HASH_SIZE; i++) if (a[i] !== b[i]) return false;
  return true;
}
