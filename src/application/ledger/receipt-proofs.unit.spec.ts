// Receipt proofs must be exactly MerkleTree's RFC 9162 inclusion proofs, for every leaf,
// at the current size and at older sizes, however the calls interleave.
import { bytesToHex } from '../../integrity/bytes';
import { leafIndex, treeSize } from '../../integrity/brands';
import { MemoryNodeStore, MerkleTree } from '../../integrity/merkle';
import { installNodeSha256 } from '../../integrity/sha256-node';
import { ReceiptProofs } from './receipt-proofs';

installNodeSha256();

function leaf(i: number): Uint8Array {
  const bytes = new Uint8Array(32);
  new DataView(bytes.buffer).setUint32(0, i * 2654435761);
  bytes[31] = i & 0xff;
  return bytes;
}

function expected(tree: MerkleTree, index: number, size: number): string[] {
  const proof = tree.inclusionProof(leafIndex(index), treeSize(size));
  if (!proof.ok) throw new Error(proof.problems[0].message);
  return proof.value.map(bytesToHex);
}

describe('ReceiptProofs', () => {
  it('gives MerkleTree’s proof for every leaf of every size up to 70, growing one leaf at a time', () => {
    const store = new MemoryNodeStore();
    const tree = new MerkleTree(store);
    const proofs = new ReceiptProofs(store);
    for (let n = 1; n <= 70; n++) {
      tree.append(leaf(n - 1));
      for (let i = 0; i < n; i++) expect(proofs.path(i, n)).toEqual(expected(tree, i, n));
    }
  });

  it('answers older sizes and interleaved sizes alike', () => {
    const store = new MemoryNodeStore();
    const tree = new MerkleTree(store);
    const proofs = new ReceiptProofs(store);
    for (let i = 0; i < 1037; i++) tree.append(leaf(i));
    const sizes = [1037, 1024, 513, 1037, 1000, 7, 1037];
    for (const size of sizes) {
      for (const index of [0, 1, size >> 1, size - 2, size - 1].filter((x) => x >= 0 && x < size)) {
        expect(proofs.path(index, size)).toEqual(expected(tree, index, size));
      }
    }
  });

  it('starts afresh after reset', () => {
    const first = new MemoryNodeStore();
    const a = new MerkleTree(first);
    for (let i = 0; i < 5; i++) a.append(leaf(i));
    const proofs = new ReceiptProofs(first);
    const before = proofs.path(4, 5);
    proofs.reset();
    expect(proofs.path(4, 5)).toEqual(before);
    expect(before).toEqual(expected(a, 4, 5));
  });
});
