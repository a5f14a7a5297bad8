// An append-only RFC 9162 Merkle tree over Writ's global log. Appending keeps the
// frontier (one hash per complete subtree tiling the tree, O(log n)) and writes each
// complete subtree hash to a NodeStore once, when its last leaf arrives: one leaf hash
// plus, on average, one node hash per append. Roots of past sizes and proofs are then
// read from stored subtrees instead of rebuilding anything.
import { leafIndex as asLeafIndex, treeSize as asTreeSize, type LeafIndex, type TreeSize } from '../brands';
import { err, ok, problem, type Result } from '../../errors/problem';
import { emptyRoot, HASH_SIZE, leafHash, nodeHash } from './hashing';
import { MemoryNodeStore, type NodeStore } from './node-store';
import { consistencyPath, inclusionPath } from './proof-paths';
import { exactLog2, half, isOdd, isTreeNumber, largestPowerOfTwoBelow } from './tree-math';
import { frontierFromState, stateOf, type MerkleTreeState } from './tree-state';

export class MerkleTree {
  private count = 0;
  /** Complete subtree hashes tiling [0, count), leftmost (largest) first. */
  private frontier: Uint8Array[] = [];

  /** An empty tree whose node hashes go to store (in memory by default). */
  constructor(private readonly store: NodeStore = new MemoryNodeStore()) {}

  /** A tree of the given leaf hashes (each 32 bytes), in order. */
  static fromLeafHashes(hashes: Iterable<Uint8Array>, store?: NodeStore): MerkleTree {
    const tree = new MerkleTree(store);
    for (const hash of hashes) tree.appendLeafHash(hash);
    return tree;
  }

  /**
   * Resumes a tree from `state()`, appending into store. Roots and appends need only the
   * state; proofs and past roots also need the store to hold the tree's nodes. A state
   * that is malformed or contradicts the store is refused (`merkle.state_malformed`).
   */
  static restore(state: MerkleTreeState, store: NodeStore): Result<MerkleTree> {
    const frontier = frontierFromState(state, store);
    if (!frontier.ok) return frontier;
    const tree = new MerkleTree(store);
    tree.count = state.size;
    tree.frontier = frontier.value;
    return ok(tree);
  }

  get size(): TreeSize {
    return asTreeSize(this.count);
  }

  /** Appends a leaf by its input (Writ: the 32 raw bytes of an envelope hash). */
  append(leafInput: Uint8Array): LeafIndex {
    return this.appendOwned(leafHash(leafInput));
  }

  /**
   * Appends a leaf by its leaf hash. Each complete subtree this leaf finishes is hashed
   * from the frontier and stored. Precondition: hash has 32 bytes (a RangeError otherwise:
   * it is computed by Writ, never taken from outside).
   */
  appendLeafHash(hash: Uint8Array): LeafIndex {
    if (hash.length !== HASH_SIZE) throw new RangeError(`a leaf hash has ${HASH_SIZE} bytes, not ${hash.length}`);
    return this.appendOwned(hash.slice());
  }

  /** Appends a leaf hash the tree owns (a fresh digest or a private copy). */
  private appendOwned(hash: Uint8Array): LeafIndex {
    if (this.count === Number.MAX_SAFE_INTEGER) throw new RangeError('the tree is full');
    const index = this.count;
    let node = hash;
    this.store.put(0, index, node);
    // Each trailing one bit of the index closes a subtree whose left half is on the frontier.
    for (let level = 1, i = index; isOdd(i); level++) {
      i = half(i);
      node = nodeHash(this.frontier.pop()!, node);
      this.store.put(level, i, node);
    }
    this.frontier.push(node);
    this.count = index + 1;
    return asLeafIndex(index);
  }

  /** MTH of the whole tree, from the frontier alone: popcount(size) - 1 hashes. */
  root(): Uint8Array {
    if (this.count === 0) return emptyRoot();
    return this.frontier.reduceRight((right, left) => nodeHash(left, right)).slice();
  }

  /** MTH of the first `size` leaves, for any size up to the current one. */
  rootAt(size: TreeSize): Result<Uint8Array> {
    if (!isTreeNumber(size) || size > this.count) return this.outOfRange(`no tree of size ${size}`, 'size');
    if (size === 0) return ok(emptyRoot());
    return ok(size === this.count ? this.root() : this.rangeHash(0, size));
  }

  /** PATH(leafIndex, D[0:treeSize]) for any treeSize up to the current size. */
  inclusionProof(leafIndex: LeafIndex, treeSize: TreeSize): Result<Uint8Array[]> {
    if (!isTreeNumber(treeSize) || treeSize > this.count) {
      return this.outOfRange(`no tree of size ${treeSize}`, 'treeSize');
    }
    if (!isTreeNumber(leafIndex) || leafIndex >= treeSize) {
      return this.outOfRange(`no leaf ${leafIndex} in a tree of size ${treeSize}`, 'leafIndex');
    }
    return ok(inclusionPath(leafIndex, treeSize, this.rangeHash));
  }

  /**
   * PROOF(size1, D[0:size2]) for 0 < size1 <= size2 <= size. size1 = 0 is refused, as
   * the verifier refuses it: every tree extends the empty one.
   */
  consistencyProof(size1: TreeSize, size2: TreeSize): Result<Uint8Array[]> {
    if (!isTreeNumber(size2) || size2 > this.count) return this.outOfRange(`no tree of size ${size2}`, 'size2');
    if (!isTreeNumber(size1) || size1 === 0 || size1 > size2) {
      return this.outOfRange(`size1 must be between 1 and size2 (${size2}), not ${size1}`, 'size1');
    }
    return ok(consistencyPath(size1, size2, this.rangeHash));
  }

  /** What restore needs to resume appending: the size and the frontier, as hex. */
  state(): MerkleTreeState {
    return stateOf(this.size, this.frontier);
  }

  /**
   * MTH(D[lo:hi]), 0 <= lo < hi <= size: a stored node when the width is a power of two,
   * else split as the RFC's MTH does (only on the ragged right edge). Precondition, true
   * of every range the RFC's recursions produce from [0, n): lo is a multiple of the
   * smallest power of two >= hi - lo, so a power-of-two range is an aligned subtree.
   */
  private readonly rangeHash = (lo: number, hi: number): Uint8Array => {
    const width = hi - lo;
    const level = exactLog2(width);
    if (level !== undefined) return this.storedNode(level, lo / width);
    const k = largestPowerOfTwoBelow(width);
    return nodeHash(this.rangeHash(lo, lo + k), this.rangeHash(lo + k, hi));
  };

  private storedNode(level: number, index: number): Uint8Array {
    const hash = this.store.get(level, index);
    // The store was given to this tree and filled by it: a gap means it lost data.
    if (hash === undefined) throw new Error(`node store has no hash at level ${level}, index ${index}`);
    return hash;
  }

  private outOfRange(message: string, path: string): Result<never> {
    return err(problem('merkle.out_of_range', message, path, { size: this.count }));
  }
}
