// The tree's costs and edges: hashes per append, lookups per proof, refusals of sizes it
// does not have, restoring from a state, and hashes that callers cannot change.
import { leafIndex, treeSize } from '../../../src/integrity/brands';
import { bytesToHex } from '../../../src/integrity/bytes';
import { portableSha256, useSha256 } from '../../../src/integrity/sha256';
import type { Result } from '../../../src/errors/problem';
import { leafHash, MemoryNodeStore, MerkleTree, type MerkleTreeState, type NodeStore } from '../../../src/integrity/merkle';
import { leavesFor } from './arbitraries';

interface Counts {
  leaf: number;
  node: number;
  other: number;
}

/** Runs fn with the process-wide SHA-256 wrapped, counting leaf and node hashes by prefix. */
function countHashes(fn: () => void): Counts {
  const counts: Counts = { leaf: 0, node: 0, other: 0 };
  useSha256((data) => {
    if (data.length === 65 && data[0] === 0x01) counts.node++;
    else if (data[0] === 0x00) counts.leaf++;
    else counts.other++;
    return portableSha256(data);
  });
  try {
    fn();
  } finally {
    useSha256(portableSha256);
  }
  return counts;
}

class CountingStore implements NodeStore {
  gets = 0;
  private readonly inner = new MemoryNodeStore();
  get(level: number, index: number): Uint8Array | undefined {
    this.gets++;
    return this.inner.get(level, index);
  }
  put(level: number, index: number, hash: Uint8Array): void {
    this.inner.put(level, index, hash);
  }
}

const popCount = (n: number): number => n.toString(2).replace(/0/g, '').length;
const ceilLog2 = (n: number): number => Math.ceil(Math.log2(n));

function treeOf(n: number, store: NodeStore = new MemoryNodeStore()): MerkleTree {
  const tree = new MerkleTree(store);
  for (const leaf of leavesFor(7, n)) tree.append(leaf);
  return tree;
}

describe('cost', () => {
  const sizes = [1, 2, 3, 7, 8, 100, 1000, 4096, 5000];
  test.each(sizes)('appending %i leaves: n leaf hashes and n - popcount(n) <= n node hashes', (n) => {
    const counts = countHashes(() => treeOf(n));
    expect(counts).toEqual({ leaf: n, node: n - popCount(n), other: 0 });
  });

  test('the current root costs popcount(n) - 1 node hashes and no store lookups', () => {
    const store = new CountingStore();
    const tree = treeOf(1000, store);
    const counts = countHashes(() => tree.root());
    expect(counts.node).toBe(popCount(1000) - 1);
    expect(store.gets).toBe(0);
  });

  test('past roots and proofs cost O(log n) lookups and hashes, not a rebuild', () => {
    const store = new CountingStore();
    const tree = treeOf(1000, store);
    for (let size = 1; size <= 1000; size += 37) {
      const bound = ceilLog2(size) + 1;
      for (const run of [
        () => tree.rootAt(treeSize(size)),
        () => tree.inclusionProof(leafIndex(size - 1), treeSize(size)),
        () => tree.inclusionProof(leafIndex(Math.floor(size / 3)), treeSize(size)),
        () => tree.consistencyProof(treeSize(Math.ceil(size / 2)), treeSize(size)),
      ]) {
        store.gets = 0;
        const counts = countHashes(run);
        expect(counts.node).toBeLessThanOrEqual(bound);
        expect(store.gets).toBeLessThanOrEqual(2 * bound);
      }
    }
  });
});

describe('refusals', () => {
  const tree = treeOf(5);
  const codeOf = (r: Result<unknown>) => (r.ok ? [] : r.problems.map((p) => [p.code, p.path]));

  test.each([
    ['rootAt beyond the tree', () => tree.rootAt(treeSize(6)), 'size'],
    ['rootAt a negative size', () => tree.rootAt(treeSize(-1)), 'size'],
    ['inclusion of a leaf outside the size', () => tree.inclusionProof(leafIndex(3), treeSize(3)), 'leafIndex'],
    ['inclusion in a size beyond the tree', () => tree.inclusionProof(leafIndex(0), treeSize(6)), 'treeSize'],
    ['inclusion of a fractional index', () => tree.inclusionProof(leafIndex(0.5), treeSize(3)), 'leafIndex'],
    ['consistency from the empty tree', () => tree.consistencyProof(treeSize(0), treeSize(5)), 'size1'],
    ['consistency backwards', () => tree.consistencyProof(treeSize(4), treeSize(3)), 'size1'],
    ['consistency to a size beyond the tree', () => tree.consistencyProof(treeSize(1), treeSize(6)), 'size2'],
  ])('%s: merkle.out_of_range', (_name, run, path) => {
    expect(codeOf(run())).toEqual([['merkle.out_of_range', path]]);
  });

  test('a leaf hash that is not 32 bytes is a programming error', () => {
    expect(() => new MerkleTree().appendLeafHash(new Uint8Array(31))).toThrow(RangeError);
  });

  test('a proof over nodes the store does not hold is an error, not a wrong proof', () => {
    const restored = MerkleTree.restore(treeOf(5).state(), new MemoryNodeStore());
    if (!restored.ok) throw new Error('restore failed');
    expect(() => restored.value.inclusionProof(leafIndex(0), treeSize(5))).toThrow(/no hash at level/);
  });

  test('edge sizes: the empty tree, consistency of a size with itself', () => {
    expect(bytesToHex(new MerkleTree().root())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(tree.consistencyProof(treeSize(5), treeSize(5))).toEqual({ ok: true, value: [] });
    expect(tree.inclusionProof(leafIndex(0), treeSize(1))).toEqual({ ok: true, value: [] });
  });
});

describe('state and restore', () => {
  const tree = treeOf(6);
  const good = tree.state();
  const restore = (state: unknown, store: NodeStore = new MemoryNodeStore()) =>
    MerkleTree.restore(state as MerkleTreeState, store);
  const paths = (r: ReturnType<typeof restore>) => (r.ok ? [] : r.problems.map((p) => [p.code, p.path]));

  test('the state is the size and one hex hash per complete subtree, largest first', () => {
    const leaves = leavesFor(7, 6).map(leafHash);
    const fourLeaves = MerkleTree.fromLeafHashes(leaves.slice(0, 4)).root();
    const twoLeaves = MerkleTree.fromLeafHashes(leaves.slice(4)).root();
    expect(good).toEqual({ size: 6, frontier: [bytesToHex(fourLeaves), bytesToHex(twoLeaves)] });
  });

  test.each([
    ['a negative size', { ...good, size: -1 }, [['merkle.state_malformed', 'size']]],
    ['a size that is not a number', { ...good, size: '6' }, [['merkle.state_malformed', 'size']]],
    ['too few frontier hashes', { ...good, frontier: good.frontier.slice(1) }, [['merkle.state_malformed', 'frontier']]],
    ['no frontier', { size: 6 }, [['merkle.state_malformed', 'frontier']]],
    [
      'hashes that are not lowercase hex, all reported',
      { ...good, frontier: [good.frontier[0]!.toUpperCase(), 'ab'] },
      [['merkle.state_malformed', 'frontier[0]'], ['merkle.state_malformed', 'frontier[1]']],
    ],
  ])('refuses %s', (_name, state, expected) => {
    expect(paths(restore(state))).toEqual(expected);
  });

  test('refuses a frontier that contradicts the nodes the store holds', () => {
    const store = new MemoryNodeStore();
    const forked = MerkleTree.fromLeafHashes(leavesFor(8, 6).map(leafHash), store);
    expect(paths(restore(good, store))).toEqual([
      ['merkle.state_malformed', 'frontier[0]'],
      ['merkle.state_malformed', 'frontier[1]'],
    ]);
    expect(paths(restore(forked.state(), store))).toEqual([]);
  });

  test('an older state restores into a store that already holds a longer tree', () => {
    const store = new MemoryNodeStore();
    const long = treeOf(9, store);
    const older = restore(good, store);
    if (!older.ok) throw new Error('restore failed');
    expect(older.value.root()).toEqual(tree.root());
    expect(long.rootAt(treeSize(6))).toEqual({ ok: true, value: tree.root() });
    expect(older.value.inclusionProof(leafIndex(2), treeSize(6))).toEqual(tree.inclusionProof(leafIndex(2), treeSize(6)));
  });
});

test('callers cannot change stored hashes through what the tree returns or takes', () => {
  const store = new MemoryNodeStore();
  const hashes = leavesFor(1, 4).map(leafHash);
  const tree = MerkleTree.fromLeafHashes(hashes, store);
  const root = tree.root();
  const proof = tree.inclusionProof(leafIndex(1), treeSize(4));
  const expectedRoot = root.slice();
  const expectedProof = proof.ok ? proof.value.map((h) => h.slice()) : [];

  hashes.forEach((h) => h.fill(0));
  root.fill(0);
  if (proof.ok) proof.value.forEach((h) => h.fill(0));
  store.get(2, 0)?.fill(0);

  expect(tree.root()).toEqual(expectedRoot);
  const threeLeaves = MerkleTree.fromLeafHashes(leavesFor(1, 3).map(leafHash)).root();
  expect(tree.rootAt(treeSize(3))).toEqual({ ok: true, value: threeLeaves });
  expect(tree.inclusionProof(leafIndex(1), treeSize(4))).toEqual({ ok: true, value: expectedProof });
});
