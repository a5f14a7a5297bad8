import fc from 'fast-check';
import { bytesToHex } from '../integrity/bytes';
import { MerkleTree } from '../integrity/merkle';
import { treeSize } from '../integrity/brands';
import { RootWindow } from './root-window';

const leaf = (i: number) => new Uint8Array(32).fill(i % 251);

test('roots of past sizes and of the head agree with a full Merkle tree', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 300 }), fc.array(fc.nat(), { maxLength: 8 }), (n, picks) => {
      const full = new MerkleTree();
      const window = new RootWindow();
      for (let i = 0; i < n; i++) {
        full.append(leaf(i));
        window.append(leaf(i));
      }
      const sizes = [...new Set(picks.map((p) => p % (n + 1)))].sort((a, b) => a - b);
      for (const size of sizes) {
        const expected = full.rootAt(treeSize(size));
        expect(expected.ok && bytesToHex(window.rootAt(size)!)).toBe(expected.ok && bytesToHex(expected.value));
      }
      expect(bytesToHex(window.root())).toBe(bytesToHex(full.root()));
    }),
  );
});

test('a size below one already asked for, or past the head, has no answer', () => {
  const window = new RootWindow();
  for (let i = 0; i < 10; i++) window.append(leaf(i));
  expect(window.rootAt(6)).toBeDefined();
  expect(window.rootAt(5)).toBeUndefined();
  expect(window.rootAt(11)).toBeUndefined();
});

test('pending leaves are dropped once a checkpoint took them, and kept across growth', () => {
  const full = new MerkleTree();
  const window = new RootWindow();
  for (let i = 0; i < 5000; i++) {
    full.append(leaf(i));
    window.append(leaf(i));
    // A checkpoint every 700 leaves, lagging the head by a few.
    if (i % 700 === 699) {
      const size = i - 3;
      const expected = full.rootAt(treeSize(size));
      expect(expected.ok && bytesToHex(window.rootAt(size)!)).toBe(expected.ok && bytesToHex(expected.value));
    }
  }
  const expected = full.rootAt(treeSize(4999));
  expect(expected.ok && bytesToHex(window.rootAt(4999)!)).toBe(expected.ok && bytesToHex(expected.value));
});

test('roots asked as leaves arrive, at the head, just behind it or further back, agree with a full tree', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(0, 1, 1, 1, 2, 3, 9), { maxLength: 200 }), (lags) => {
      const full = new MerkleTree();
      const window = new RootWindow();
      let asked = 0;
      lags.forEach((lag, i) => {
        full.append(leaf(i));
        window.append(leaf(i));
        const size = Math.max(asked, i + 1 - lag);
        const expected = full.rootAt(treeSize(size));
        expect(expected.ok && bytesToHex(window.rootAt(size)!)).toBe(expected.ok && bytesToHex(expected.value));
        asked = size;
      });
    }),
  );
});
