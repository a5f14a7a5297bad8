// The fast tree against the RFC-literal reference: roots at every size, proofs for every
// past size, and the same behaviour after a restore as without one.
import fc from 'fast-check';
import { leafIndex, treeSize } from '../../../src/integrity/brands';
import {
  leafHash,
  MemoryNodeStore,
  MerkleTree,
  verifyConsistency,
  verifyInclusion,
  type MerkleTreeState,
} from '../../../src/integrity/merkle';
import { consistencyCaseArb, inclusionCaseArb, leavesArb } from './arbitraries';
import { mth, path, proof, rfcVerifyConsistency, rfcVerifyInclusion } from './reference';

function treeOf(leaves: readonly Uint8Array[], store = new MemoryNodeStore()): MerkleTree {
  const tree = new MerkleTree(store);
  for (const leaf of leaves) tree.append(leaf);
  return tree;
}

const unwrap = <T>(r: { ok: true; value: T } | { ok: false }): T => {
  if (!r.ok) throw new Error(`expected ok: ${JSON.stringify(r)}`);
  return r.value;
};

test('the root while appending and rootAt afterwards equal MTH at every size', () => {
  fc.assert(
    fc.property(leavesArb(), (leaves) => {
      const tree = new MerkleTree();
      const whileAppending = leaves.map((leaf) => {
        tree.append(leaf);
        return tree.root();
      });
      leaves.forEach((_, i) => {
        const expected = mth(leaves.slice(0, i + 1));
        expect(whileAppending[i]).toEqual(expected);
        expect(unwrap(tree.rootAt(treeSize(i + 1)))).toEqual(expected);
      });
      expect(unwrap(tree.rootAt(treeSize(0)))).toEqual(mth([]));
    }),
    { numRuns: 15 },
  );
});

test('inclusion proofs equal PATH, and verify (here and in the RFC-literal loop)', () => {
  fc.assert(
    fc.property(inclusionCaseArb, ({ leaves, size, index }) => {
      const built = unwrap(treeOf(leaves).inclusionProof(leafIndex(index), treeSize(size)));
      const prefix = leaves.slice(0, size);
      expect(built).toEqual(path(index, prefix));
      const root = mth(prefix);
      const leaf = leafHash(leaves[index]!);
      expect(verifyInclusion(leafIndex(index), treeSize(size), leaf, built, root)).toEqual({ ok: true, value: true });
      expect(rfcVerifyInclusion(index, size, leaf, built, root)).toBe(true);
    }),
    { numRuns: 150 },
  );
});

test('consistency proofs equal PROOF, and verify (here and in the RFC-literal loop)', () => {
  fc.assert(
    fc.property(consistencyCaseArb, ({ leaves, size1, size2 }) => {
      const built = unwrap(treeOf(leaves).consistencyProof(treeSize(size1), treeSize(size2)));
      expect(built).toEqual(proof(size1, leaves.slice(0, size2)));
      const [root1, root2] = [mth(leaves.slice(0, size1)), mth(leaves.slice(0, size2))];
      expect(verifyConsistency(treeSize(size1), treeSize(size2), root1, root2, built)).toEqual({ ok: true, value: true });
      if (size1 < size2) expect(rfcVerifyConsistency(size1, size2, root1, root2, built)).toBe(true);
    }),
    { numRuns: 150 },
  );
});

const roundTrip = (state: MerkleTreeState): MerkleTreeState => JSON.parse(JSON.stringify(state)) as MerkleTreeState;

test('restore(state()) then appending gives the roots and proofs of a tree that never stopped', () => {
  const arb = leavesArb().chain((leaves) => fc.tuple(fc.constant(leaves), fc.integer({ min: 0, max: leaves.length })));
  fc.assert(
    fc.property(arb, ([leaves, cut]) => {
      const whole = treeOf(leaves);
      const store = new MemoryNodeStore();
      const state = roundTrip(treeOf(leaves.slice(0, cut), store).state());
      const resumed = unwrap(MerkleTree.restore(state, store));
      const fresh = unwrap(MerkleTree.restore(state, new MemoryNodeStore()));
      for (const leaf of leaves.slice(cut)) {
        resumed.append(leaf);
        fresh.append(leaf);
        expect(resumed.root()).toEqual(unwrap(whole.rootAt(resumed.size)));
        expect(fresh.root()).toEqual(resumed.root());
      }
      expect(resumed.state()).toEqual(whole.state());
      const n = treeSize(leaves.length);
      expect(unwrap(resumed.consistencyProof(treeSize(1), n))).toEqual(unwrap(whole.consistencyProof(treeSize(1), n)));
      expect(unwrap(resumed.inclusionProof(leafIndex(0), n))).toEqual(unwrap(whole.inclusionProof(leafIndex(0), n)));
    }),
    { numRuns: 40 },
  );
});
