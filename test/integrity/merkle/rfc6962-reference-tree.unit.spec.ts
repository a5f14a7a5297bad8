// The 8-leaf reference tree from the certificate-transparency / transparency-dev tests:
// hasher vectors, every complete subtree hash, the roots of sizes 0-8 and the golden
// proofs. The tree must build exactly these proofs, the verifier must accept them, and
// the RFC-literal reference must agree with the vectors too (so it can be trusted below).
import { leafIndex, treeSize } from '../../../src/integrity/brands';
import { bytesToHex, hexToBytes } from '../../../src/integrity/bytes';
import {
  emptyRoot,
  leafHash,
  MemoryNodeStore,
  MerkleTree,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
} from '../../../src/integrity/merkle';
import { readSharedJson } from '../../support/vectors';
import { mth, path, proof } from './reference';

interface ReferenceTree {
  hashVectors: { desc: string; hash: string; leafInput?: string; left?: string; right?: string }[];
  tree: { leafInputs: string[]; nodeHashesByLevel: string[][]; rootHashesBySize: { treeSize: number; rootHash: string }[] };
  inclusionProofs: {
    leafIndex: number;
    treeSize: number;
    leafInput: string;
    leafHash: string;
    proof: string[];
    rootHash: string;
  }[];
  consistencyProofs: { size1: number; size2: number; root1: string; root2: string; proof: string[] }[];
}

const vectors = readSharedJson<ReferenceTree>('merkle', 'rfc6962-reference-tree.json');
const inputs = vectors.tree.leafInputs.map(hexToBytes);
const hex = (hashes: readonly Uint8Array[]): string[] => hashes.map(bytesToHex);

function buildTree(): { tree: MerkleTree; store: MemoryNodeStore } {
  const store = new MemoryNodeStore();
  const tree = new MerkleTree(store);
  for (const input of inputs) tree.append(input);
  return { tree, store };
}

function hashOfVector(v: ReferenceTree['hashVectors'][number]): Uint8Array {
  if (v.left !== undefined && v.right !== undefined) return nodeHash(hexToBytes(v.left), hexToBytes(v.right));
  if (v.leafInput !== undefined) return leafHash(hexToBytes(v.leafInput));
  return emptyRoot();
}

test('there are 4 hasher vectors, 8 leaves and 5 + 5 golden proofs', () => {
  expect(vectors.hashVectors).toHaveLength(4);
  expect(inputs).toHaveLength(8);
  expect(vectors.inclusionProofs).toHaveLength(5);
  expect(vectors.consistencyProofs).toHaveLength(5);
});

test.each(vectors.hashVectors.map((v) => [v.desc, v] as const))('hasher: %s', (_desc, v) => {
  expect(bytesToHex(hashOfVector(v))).toBe(v.hash);
});

test('every complete subtree hash is stored at its level and index', () => {
  const { store } = buildTree();
  vectors.tree.nodeHashesByLevel.forEach((hashes, level) =>
    hashes.forEach((hash, index) => expect(bytesToHex(store.get(level, index)!)).toBe(hash)),
  );
});

test('roots of sizes 0-8: while appending, afterwards via rootAt, and from the reference MTH', () => {
  const growing = new MerkleTree();
  const { tree } = buildTree();
  for (const { treeSize: size, rootHash } of vectors.tree.rootHashesBySize) {
    expect(bytesToHex(growing.root())).toBe(rootHash);
    const past = tree.rootAt(treeSize(size));
    expect(past.ok && bytesToHex(past.value)).toBe(rootHash);
    expect(bytesToHex(mth(inputs.slice(0, size)))).toBe(rootHash);
    if (size < inputs.length) growing.append(inputs[size]!);
  }
});

test.each(vectors.inclusionProofs.map((v) => [v.leafIndex, v.treeSize, v] as const))(
  'golden inclusion proof of leaf %i in a tree of %i leaves: built, verified, and the reference agrees',
  (index, size, v) => {
    const { tree } = buildTree();
    expect(bytesToHex(leafHash(hexToBytes(v.leafInput)))).toBe(v.leafHash);
    const built = tree.inclusionProof(leafIndex(index), treeSize(size));
    expect(built.ok && hex(built.value)).toEqual(v.proof);
    expect(hex(path(index, inputs.slice(0, size)))).toEqual(v.proof);
    const [leaf, golden, root] = [hexToBytes(v.leafHash), v.proof.map(hexToBytes), hexToBytes(v.rootHash)];
    const verdict = verifyInclusion(leafIndex(index), treeSize(size), leaf, golden, root);
    expect(verdict).toEqual({ ok: true, value: true });
  },
);

test.each(vectors.consistencyProofs.map((v) => [v.size1, v.size2, v] as const))(
  'golden consistency proof from %i to %i leaves: built, verified, and the reference agrees',
  (size1, size2, v) => {
    const { tree } = buildTree();
    const built = tree.consistencyProof(treeSize(size1), treeSize(size2));
    expect(built.ok && hex(built.value)).toEqual(v.proof);
    expect(hex(proof(size1, inputs.slice(0, size2)))).toEqual(v.proof);
    const [root1, root2] = [hexToBytes(v.root1), hexToBytes(v.root2)];
    const verdict = verifyConsistency(treeSize(size1), treeSize(size2), root1, root2, v.proof.map(hexToBytes));
    expect(verdict).toEqual({ ok: true, value: true });
  },
);
