// Checking proofs a log hands out (RFC 9162 §2.1.3.2 and §2.1.4.2), with the stricter
// rules of transparency-dev/merkle's proof/verify.go: every hashed input is exactly 32
// bytes, and a proof has exactly the length its sizes imply, so no extra, missing or
// garbage element is ever "harmless". Proof hashes are ordered from the leaf upwards.
import type { LeafIndex, TreeSize } from '../brands';
import { equalBytes } from '../bytes';
import { err, joinPath, ok, problem, type Err, type Problem, type Result } from '../../errors/problem';
import { HASH_SIZE, nodeHash } from './hashing';
import { consistencyShape, inclusionSides } from './proof-shape';
import { isTreeNumber } from './tree-math';

/**
 * The root an inclusion proof leads to (RFC 9162 §2.1.3.2 steps 1-4), to be compared
 * with a root the caller trusts for treeSize.
 *
 * Every argument is attacker-controlled (served by a log the caller does not trust).
 * Refused with `proof.malformed`, all bad fields reported: leafIndex or treeSize not a
 * safe integer >= 0, leafIndex >= treeSize, leafHash or a proof element not 32 bytes,
 * a proof longer or shorter than leafIndex and treeSize imply.
 */
export function rootFromInclusionProof(
  leafIndex: LeafIndex,
  treeSize: TreeSize,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Result<Uint8Array> {
  const bad = [...checkIndex(leafIndex, treeSize), ...checkHash(leafHash, 'leafHash'), ...checkProofHashes(proof)];
  if (bad.length > 0) return refuse(bad);
  const sides = inclusionSides(leafIndex, treeSize);
  const wrongLength = checkLength(proof, sides.length);
  if (wrongLength.length > 0) return refuse(wrongLength);
  let r = leafHash;
  sides.forEach((side, i) => {
    r = side === 'left' ? nodeHash(proof[i]!, r) : nodeHash(r, proof[i]!);
  });
  return ok(r);
}

/**
 * Checks that leafHash is the leaf at leafIndex of the tree of treeSize leaves whose root
 * is root (RFC 9162 §2.1.3.2). All arguments are attacker-controlled, as in
 * rootFromInclusionProof; root must be 32 bytes too.
 *
 * Precondition the caller must hold: (treeSize, root) come together from one checkpoint
 * it trusts. The proof alone does not bind the size: a proof for a smaller tree can
 * have the same shape under a larger size and so lead to the smaller tree's root.
 * Returns `proof.invalid` when the proof is well formed but leads to another root.
 */
export function verifyInclusion(
  leafIndex: LeafIndex,
  treeSize: TreeSize,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Result<true> {
  const computed = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
  const rootProblems = checkHash(root, 'root');
  if (!computed.ok) return refuse([...computed.problems, ...rootProblems]);
  if (rootProblems.length > 0) return refuse(rootProblems);
  if (!equalBytes(computed.value, root)) {
    return err(problem('proof.invalid', 'the inclusion proof does not lead to the given root', 'proof'));
  }
  return ok(true);
}

/**
 * Checks that the tree of size1 leaves with root root1 is a prefix of the tree of size2
 * leaves with root root2 (RFC 9162 §2.1.4.2). All arguments are attacker-controlled.
 *
 * Refused with `proof.malformed`: sizes not safe integers, size1 = 0 (every tree extends
 * the empty one, so such a proof would be meaningless and is refused even for 0 -> 0),
 * size1 > size2, a proof element not 32 bytes, a proof of the wrong length (it must be
 * empty when size1 = size2). When size1 < size2 both roots are hashed and must be 32
 * bytes. When size1 = size2 nothing is hashed and the roots need only be the same bytes,
 * as upstream decides. A well-formed proof that does not reproduce both roots gives
 * `proof.invalid`.
 *
 * Precondition the caller must hold, as for inclusion: each (size, root) pair comes from
 * one checkpoint it trusts. The proof binds the roots, not the sizes: it has the same
 * shape for every size2 up to the next power of two above size1, for instance.
 */
export function verifyConsistency(
  size1: TreeSize,
  size2: TreeSize,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): Result<true> {
  const bad = [...checkSizes(size1, size2), ...checkProofHashes(proof)];
  if (bad.length > 0) return refuse(bad);
  if (size1 === size2) {
    if (proof.length > 0) return refuse(checkLength(proof, 0));
    if (equalBytes(root1, root2)) return ok(true);
    return err(problem('proof.invalid', 'equal sizes with different roots', 'root2'));
  }
  bad.push(...checkHash(root1, 'root1'), ...checkHash(root2, 'root2'));
  const shape = consistencyShape(size1, size2);
  bad.push(...checkLength(proof, shape.steps.length + (shape.seeded ? 0 : 1)));
  if (bad.length > 0) return refuse(bad);
  return compareConsistency(shape.seeded ? [root1, ...proof] : proof, shape.steps, root1, root2);
}

/** RFC 9162 §2.1.4.2 steps 5-7, on a path whose length already matches the shape. */
function compareConsistency(
  path: readonly Uint8Array[],
  steps: readonly ('both' | 'second')[],
  root1: Uint8Array,
  root2: Uint8Array,
): Result<true> {
  let fr = path[0]!;
  let sr = path[0]!;
  steps.forEach((step, i) => {
    const c = path[i + 1]!;
    if (step === 'both') {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
    } else {
      sr = nodeHash(sr, c);
    }
  });
  const wrong = [
    ...(equalBytes(fr, root1) ? [] : ['root1']),
    ...(equalBytes(sr, root2) ? [] : ['root2']),
  ].map((path) => problem('proof.invalid', `the consistency proof does not lead to ${path}`, path));
  return wrong.length > 0 ? refuse(wrong) : ok(true);
}

function checkIndex(leafIndex: number, treeSize: number): Problem[] {
  const bad = [...checkTreeNumber(leafIndex, 'leafIndex'), ...checkTreeNumber(treeSize, 'treeSize')];
  if (bad.length === 0 && leafIndex >= treeSize) {
    const message = `leaf index ${leafIndex} is not inside a tree of ${treeSize} leaves`;
    bad.push(malformed(message, 'leafIndex', { leafIndex, treeSize }));
  }
  return bad;
}

function checkSizes(size1: number, size2: number): Problem[] {
  const bad = [...checkTreeNumber(size1, 'size1'), ...checkTreeNumber(size2, 'size2')];
  if (bad.length > 0) return bad;
  if (size1 === 0) return [malformed('a consistency proof from the empty tree proves nothing', 'size1')];
  if (size1 > size2) return [malformed(`size1 ${size1} is larger than size2 ${size2}`, 'size1', { size1, size2 })];
  return [];
}

function checkTreeNumber(n: number, path: string): Problem[] {
  return isTreeNumber(n) ? [] : [malformed(`${path} must be a safe integer >= 0`, path, { value: n })];
}

function checkHash(hash: Uint8Array, path: string): Problem[] {
  if (hash.length === HASH_SIZE) return [];
  return [malformed(`a hash has ${HASH_SIZE} bytes, not ${hash.length}`, path, { length: hash.length })];
}

function checkProofHashes(proof: readonly Uint8Array[]): Problem[] {
  return proof.flatMap((hash, i) => checkHash(hash, joinPath('proof', i)));
}

function checkLength(proof: readonly Uint8Array[], expected: number): Problem[] {
  if (proof.length === expected) return [];
  const message = `the proof must have ${expected} hashes, not ${proof.length}`;
  return [malformed(message, 'proof', { expected, actual: proof.length })];
}

function malformed(message: string, path: string, details?: Record<string, unknown>): Problem {
  return problem('proof.malformed', message, path, details);
}

function refuse(problems: readonly Problem[]): Err {
  return err(problems[0]!, ...problems.slice(1));
}
