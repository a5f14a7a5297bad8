// A Frontier's root is MerkleTree's root at every size, whether leaves come as inputs or
// as leaf hashes.
import fc from 'fast-check';
import { Frontier } from './frontier';
import { emptyRoot, leafHash } from './hashing';
import { MerkleTree } from './merkle-tree';

test('the root of every size agrees with MerkleTree', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 300 }), (leaves) => {
      const tree = new MerkleTree();
      const byInput = new Frontier();
      const byHash = new Frontier();
      expect(byInput.root()).toEqual(emptyRoot());
      for (const leaf of leaves) {
        tree.append(leaf);
        const padded = new Uint8Array(40);
        padded.set(leaf, 5);
        byInput.appendLeafInput(padded, 5);
        const hashed = new Uint8Array(64);
        hashed.set(leafHash(leaf), 32);
        byHash.appendLeafHash(hashed, 32);
        expect(byInput.size).toBe(tree.size);
        expect(byInput.root()).toEqual(tree.root());
        expect(byHash.root()).toEqual(tree.root());
      }
    }),
    { numRuns: 60 },
  );
});

test('the root is a fresh array: changing it changes nothing', () => {
  const f = new Frontier();
  f.appendLeafInput(new Uint8Array(32), 0);
  const root = f.root();
  root.fill(9);
  expect(f.root()).not.toEqual(root);
});

test('a copy has the same root and goes on independently', () => {
  const a = new Frontier();
  const b = new Frontier();
  for (let i = 0; i < 37; i++) a.appendLeafInput(new Uint8Array(32).fill(i), 0);
  b.appendLeafInput(new Uint8Array(32).fill(99), 0);
  b.copyFrom(a);
  expect(b.size).toBe(37);
  expect(b.root()).toEqual(a.root());
  a.appendLeafInput(new Uint8Array(32).fill(1), 0);
  b.appendLeafInput(new Uint8Array(32).fill(1), 0);
  expect(b.root()).toEqual(a.root());
  b.appendLeafInput(new Uint8Array(32).fill(2), 0);
  expect(b.root()).not.toEqual(a.root());
});
