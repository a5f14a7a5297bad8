// Verifier edges the probes do not reach: every bad field reported at once, sizes past
// 2^32 (where 32-bit bit operations would wrap), and numbers that are not tree positions.
import { leafIndex, treeSize } from '../../../src/integrity/brands';
import { leafHash, nodeHash, rootFromInclusionProof, verifyConsistency, verifyInclusion } from '../../../src/integrity/merkle';
import type { Result } from '../../../src/errors/problem';

const pathsOf = (r: Result<unknown>) => (r.ok ? [] : r.problems.map((p) => [p.code, p.path]));
const h = (byte: number) => new Uint8Array(32).fill(byte);

test('a malformed inclusion proof reports every bad field', () => {
  const r = verifyInclusion(leafIndex(5), treeSize(3), new Uint8Array(9), [h(1), new Uint8Array(31)], new Uint8Array(0));
  expect(pathsOf(r)).toEqual([
    ['proof.malformed', 'leafIndex'],
    ['proof.malformed', 'leafHash'],
    ['proof.malformed', 'proof[1]'],
    ['proof.malformed', 'root'],
  ]);
});

test('a proof of the wrong length is malformed before any hashing, a wrong hash is invalid', () => {
  expect(pathsOf(verifyInclusion(leafIndex(0), treeSize(2), h(1), [], h(2)))).toEqual([['proof.malformed', 'proof']]);
  expect(pathsOf(verifyInclusion(leafIndex(0), treeSize(2), h(1), [h(3)], h(2)))).toEqual([['proof.invalid', 'proof']]);
  expect(pathsOf(verifyConsistency(treeSize(2), treeSize(2), h(1), h(1), [h(3)]))).toEqual([['proof.malformed', 'proof']]);
  expect(pathsOf(verifyConsistency(treeSize(2), treeSize(2), h(1), h(2), []))).toEqual([['proof.invalid', 'root2']]);
});

test.each([
  ['an index and size past 2^53', 2 ** 53, 2 ** 53 + 2, ['leafIndex', 'treeSize']],
  ['a negative index', -1, 4, ['leafIndex']],
  ['a fractional size', 0, 2.5, ['treeSize']],
  ['NaN as size', 0, Number.NaN, ['treeSize']],
])('inclusion with %s is malformed', (_name, index, size, paths) => {
  const r = rootFromInclusionProof(leafIndex(index), treeSize(size), h(1), []);
  expect(pathsOf(r)).toEqual(paths.map((path) => ['proof.malformed', path]));
});

test.each([
  ['sizes past 2^53', 2 ** 53 + 2, 2 ** 53 + 4, ['size1', 'size2']],
  ['a negative size2', 1, -1, ['size2']],
  ['size1 = 0, even to 0', 0, 0, ['size1']],
])('consistency with %s is malformed', (_name, size1, size2, paths) => {
  const r = verifyConsistency(treeSize(size1), treeSize(size2), h(1), h(1), []);
  expect(pathsOf(r)).toEqual(paths.map((path) => ['proof.malformed', path]));
});

// A perfect tree of 2^40 equal leaves has one hash per level, so its proofs can be written
// down without building it: the sibling at every level is that level's hash.
const LEVELS = 40;
const levelHashes = [leafHash(Uint8Array.of(42))];
for (let l = 0; l < LEVELS; l++) levelHashes.push(nodeHash(levelHashes[l]!, levelHashes[l]!));
const bigRoot = levelHashes[LEVELS]!;
const extra = leafHash(Uint8Array.of(43));

test('inclusion in a tree of 2^40 leaves, for its last and a middle leaf', () => {
  const proof = levelHashes.slice(0, LEVELS);
  for (const index of [2 ** 40 - 1, 2 ** 39 + 12345]) {
    const verdict = verifyInclusion(leafIndex(index), treeSize(2 ** 40), levelHashes[0]!, proof, bigRoot);
    expect(verdict).toEqual({ ok: true, value: true });
  }
  expect(verifyInclusion(leafIndex(2 ** 40 - 1), treeSize(2 ** 40), levelHashes[0]!, proof.slice(1), bigRoot).ok).toBe(false);
});

test('a leaf appended to 2^40 leaves: inclusion and consistency across the 32-bit boundary', () => {
  const root2 = nodeHash(bigRoot, extra);
  const size2 = treeSize(2 ** 40 + 1);
  expect(verifyInclusion(leafIndex(2 ** 40), size2, extra, [bigRoot], root2)).toEqual({ ok: true, value: true });
  expect(verifyConsistency(treeSize(2 ** 40), size2, bigRoot, root2, [extra])).toEqual({ ok: true, value: true });
  // Past the next power of two the proof needs one more hash.
  expect(pathsOf(verifyConsistency(treeSize(2 ** 40), treeSize(2 ** 41 + 1), bigRoot, root2, [extra]))).toEqual([
    ['proof.malformed', 'proof'],
  ]);
  // size1 is a power of two, so root1 seeds the path and only root2 can come out wrong.
  expect(pathsOf(verifyConsistency(treeSize(2 ** 40), size2, levelHashes[LEVELS - 1]!, root2, [extra]))).toEqual([
    ['proof.invalid', 'root2'],
  ]);
});
