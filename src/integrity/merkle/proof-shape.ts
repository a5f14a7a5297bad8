// The shape of a proof: how many hashes it has and on which side each one is hashed.
// In RFC 9162's verification loops (§2.1.3.2, §2.1.4.2) every branch depends only on
// the two sizes, never on a hash, so the shape is computed first with no hashing at all.
// Its length is the exact proof length: the RFC's "sn is 0, stop and fail" (a proof too
// long) and its final "sn equals 0" (a proof too short) both become one length check,
// made before any attacker-supplied hash is touched.
import { half, isOdd } from './tree-math';

/** Where a proof hash goes relative to the running hash: `left` means HASH(0x01 || p || r). */
export type Side = 'left' | 'right';

/**
 * Sides of the inclusion proof for leafIndex in a tree of treeSize leaves, leaf upwards
 * (RFC 9162 §2.1.3.2 steps 2 and 4). Preconditions: safe integers, 0 <= leafIndex < treeSize.
 */
export function inclusionSides(leafIndex: number, treeSize: number): Side[] {
  const sides: Side[] = [];
  let fn = leafIndex;
  let sn = treeSize - 1;
  while (sn !== 0) {
    if (isOdd(fn) || fn === sn) {
      sides.push('left');
      [fn, sn] = shiftUntilOddOrZero(fn, sn);
    } else {
      sides.push('right');
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sides;
}

/**
 * `both`: the element is hashed to the left of fr and of sr (it lies inside the old tree's
 * edge); `second`: only to the right of sr (it lies in the new part of the tree).
 */
export type ConsistencyStep = 'both' | 'second';

export interface ConsistencyShape {
  /**
   * size1 is a power of two: the old root is itself a node of the new tree, so the
   * proof omits it and the verifier starts from root1 (RFC 9162 §2.1.4.2 step 2).
   */
  readonly seeded: boolean;
  /** One step per proof element after the first (step 6). */
  readonly steps: readonly ConsistencyStep[];
}

/**
 * Shape of the consistency proof from size1 to size2 (RFC 9162 §2.1.4.2 steps 2-6).
 * Preconditions: safe integers, 0 < size1 < size2. The proof has
 * `steps.length + (seeded ? 0 : 1)` hashes, which is never zero.
 */
export function consistencyShape(size1: number, size2: number): ConsistencyShape {
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // All ones below the top bit shifted away leaves 0 exactly when size1 is 2^k.
  const seeded = fn === 0;
  const steps: ConsistencyStep[] = [];
  while (sn !== 0) {
    if (isOdd(fn) || fn === sn) {
      steps.push('both');
      [fn, sn] = shiftUntilOddOrZero(fn, sn);
    } else {
      steps.push('second');
    }
    fn = half(fn);
    sn = half(sn);
  }
  return { seeded, steps };
}

/** "If LSB(fn) is not set, right-shift both fn and sn equally until either LSB(fn) is set or fn is 0." */
function shiftUntilOddOrZero(fn: number, sn: number): [number, number] {
  while (!isOdd(fn) && fn !== 0) {
    fn = half(fn);
    sn = half(sn);
  }
  return [fn, sn];
}
