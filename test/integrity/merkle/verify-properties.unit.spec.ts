// Any change to a valid proof, root, leaf, index or size is caught, and the verdicts
// agree with the RFC-literal verification loops whenever the inputs are 32-byte hashes.
import fc from 'fast-check';
import { leafIndex, treeSize } from '../../../src/integrity/brands';
import { leafHash, MerkleTree, verifyConsistency, verifyInclusion } from '../../../src/integrity/merkle';
import { consistencyCaseArb, flipBit, inclusionCaseArb, type ConsistencyCase, type InclusionCase } from './arbitraries';
import { mth, path, proof, rfcVerifyConsistency, rfcVerifyInclusion } from './reference';

interface InclusionClaim {
  readonly index: number;
  readonly size: number;
  readonly leaf: Uint8Array;
  readonly proof: readonly Uint8Array[];
  readonly root: Uint8Array;
}

function honestInclusion({ leaves, size, index }: InclusionCase): InclusionClaim {
  const prefix = leaves.slice(0, size);
  return { index, size, leaf: leafHash(leaves[index]!), proof: path(index, prefix), root: mth(prefix) };
}

/** A false claim derived from an honest one: `pick` and `bit` choose what and where. */
function tamperInclusion(c: InclusionCase, claim: InclusionClaim, pick: number, bit: number): InclusionClaim | undefined {
  const p = claim.proof;
  const j = bit % Math.max(p.length, 1);
  const other = (k: number, n: number) => (k + 1 + (bit % (n - 1))) % n; // any value in [0, n) but k
  switch (pick) {
    case 0: return p.length === 0 ? undefined : { ...claim, proof: p.map((h, i) => (i === j ? flipBit(h, bit) : h)) };
    case 1: return { ...claim, root: flipBit(claim.root, bit) };
    case 2: return { ...claim, leaf: flipBit(claim.leaf, bit) };
    case 3: return c.size < 2 ? undefined : { ...claim, index: other(c.index, c.size) };
    case 4: return { ...claim, proof: [...p, claim.root] };
    case 5: return { ...claim, proof: [claim.leaf, ...p] };
    case 6: return p.length === 0 ? undefined : { ...claim, proof: p.filter((_, i) => i !== j) };
    case 7: return p.length < 2 ? undefined : { ...claim, proof: [...p.slice(1), p[0]!] };
    default: return wrongSizeWithItsRoot(c, claim, bit);
  }
}

/** The checkpoint of another size (its true root), with the proof made for this size. */
function wrongSizeWithItsRoot(c: InclusionCase, claim: InclusionClaim, bit: number): InclusionClaim | undefined {
  const { leaves, size, index } = c;
  const sizes = leaves.length - index; // sizes index+1 .. leaves.length
  if (sizes < 2) return undefined;
  const otherSize = index + 1 + ((size - index - 1 + 1 + (bit % (sizes - 1))) % sizes);
  return { ...claim, size: otherSize, root: mth(leaves.slice(0, otherSize)) };
}

const verdictOf = (c: InclusionClaim) => verifyInclusion(leafIndex(c.index), treeSize(c.size), c.leaf, c.proof, c.root);

test('a changed proof, root, leaf, index or size never verifies an inclusion', () => {
  const arb = fc.tuple(inclusionCaseArb, fc.integer({ min: 0, max: 8 }), fc.nat(255));
  fc.assert(
    fc.property(arb, ([c, pick, bit]) => {
      const honest = honestInclusion(c);
      const tampered = tamperInclusion(c, honest, pick, bit);
      fc.pre(tampered !== undefined);
      expect(verdictOf(tampered!).ok).toBe(false);
      expect(rfcVerifyInclusion(tampered!.index, tampered!.size, tampered!.leaf, tampered!.proof, tampered!.root)).toBe(false);
    }),
    { numRuns: 600 },
  );
});

test('a claimed tree size is only as good as its root: verdicts match the RFC loop for every size', () => {
  // With the root of the real size, a proof can also pass under a larger size that gives
  // it the same shape. The checkpoint binding size and root is what rules that out.
  fc.assert(
    fc.property(inclusionCaseArb, ({ leaves, size, index }) => {
      const honest = honestInclusion({ leaves, size, index });
      for (let claimed = index + 1; claimed <= leaves.length; claimed++) {
        const verdict = verdictOf({ ...honest, size: claimed }).ok;
        expect(verdict).toBe(rfcVerifyInclusion(index, claimed, honest.leaf, honest.proof, honest.root));
        if (verdict) expect(path(index, leaves.slice(0, claimed)).length).toBe(honest.proof.length);
      }
    }),
    { numRuns: 30 },
  );
});

test('one proof, two sizes: leaf 0 of 3 leaves also "verifies" as leaf 0 of 4 against the 3-leaf root', () => {
  const leaves = [1, 2, 3].map((n) => Uint8Array.of(n));
  const tree = MerkleTree.fromLeafHashes(leaves.map(leafHash));
  const p = tree.inclusionProof(leafIndex(0), treeSize(3));
  if (!p.ok) throw new Error('no proof');
  expect(verifyInclusion(leafIndex(0), treeSize(4), leafHash(leaves[0]!), p.value, tree.root()).ok).toBe(true);
});

interface ConsistencyClaim {
  readonly size1: number;
  readonly size2: number;
  readonly root1: Uint8Array;
  readonly root2: Uint8Array;
  readonly proof: readonly Uint8Array[];
}

function honestConsistency({ leaves, size1, size2 }: ConsistencyCase): ConsistencyClaim {
  const [old, current] = [leaves.slice(0, size1), leaves.slice(0, size2)];
  return { size1, size2, root1: mth(old), root2: mth(current), proof: proof(size1, current) };
}

type Tampered = ConsistencyClaim | undefined;

function tamperConsistency(c: ConsistencyCase, claim: ConsistencyClaim, pick: number, bit: number): Tampered {
  const p = claim.proof;
  const j = bit % Math.max(p.length, 1);
  switch (pick) {
    case 0: return p.length === 0 ? undefined : { ...claim, proof: p.map((h, i) => (i === j ? flipBit(h, bit) : h)) };
    case 1: return { ...claim, root1: flipBit(claim.root1, bit) };
    case 2: return { ...claim, root2: flipBit(claim.root2, bit) };
    case 3: return { ...claim, proof: [...p, claim.root2] };
    case 4: return { ...claim, proof: [claim.root1, ...p] };
    case 5: return p.length === 0 ? undefined : { ...claim, proof: p.filter((_, i) => i !== j) };
    case 6: return c.size1 === c.size2 ? undefined : { ...claim, root1: claim.root2, root2: claim.root1 };
    case 7: return withOtherSize1(c, claim, bit);
    default: return withOtherSize2(c, claim, bit);
  }
}

/** Another size1 with its true root, keeping the proof made for the real size1. */
function withOtherSize1({ leaves, size1, size2 }: ConsistencyCase, claim: ConsistencyClaim, bit: number): Tampered {
  if (size2 < 2) return undefined;
  const other = 1 + ((size1 - 1 + 1 + (bit % (size2 - 1))) % size2); // in [1, size2], not size1
  return { ...claim, size1: other, root1: mth(leaves.slice(0, other)) };
}

/** Another size2 with its true root, keeping the proof made for the real size2. */
function withOtherSize2({ leaves, size1, size2 }: ConsistencyCase, claim: ConsistencyClaim, bit: number): Tampered {
  const choices = leaves.length - size1 + 1; // sizes size1 .. leaves.length
  if (choices < 2) return undefined;
  const other = size1 + ((size2 - size1 + 1 + (bit % (choices - 1))) % choices);
  return { ...claim, size2: other, root2: mth(leaves.slice(0, other)) };
}

test('a changed proof, root or size never verifies a consistency', () => {
  const arb = fc.tuple(consistencyCaseArb, fc.integer({ min: 0, max: 8 }), fc.nat(255));
  fc.assert(
    fc.property(arb, ([c, pick, bit]) => {
      const t = tamperConsistency(c, honestConsistency(c), pick, bit);
      fc.pre(t !== undefined);
      expect(verifyConsistency(treeSize(t!.size1), treeSize(t!.size2), t!.root1, t!.root2, t!.proof).ok).toBe(false);
      if (t!.size1 < t!.size2) expect(rfcVerifyConsistency(t!.size1, t!.size2, t!.root1, t!.root2, t!.proof)).toBe(false);
    }),
    { numRuns: 600 },
  );
});
