// Building proofs (RFC 9162 §2.1.3.1 PATH and §2.1.4.1 PROOF) from subtree hashes. The
// RFC's recursions are unrolled into loops that walk down from the root, then reversed,
// since a proof lists hashes from the leaf upwards. Every sibling they ask for is a
// complete aligned subtree (one stored lookup) except at most one on the ragged right
// edge of the tree, so a proof costs O(log n) lookups and O(log n) hashes.
import { largestPowerOfTwoBelow } from './tree-math';

/** MTH(D[lo:hi]) of the tree the proof is about. */
export type RangeHash = (lo: number, hi: number) => Uint8Array;

/**
 * PATH(m, D[0:n]). Precondition: 0 <= m < n. Generic in what a subtree hash is, so a
 * caller that keeps them in another form (hex, for receipts) walks the same path.
 */
export function inclusionPath<H = Uint8Array>(m: number, n: number, rangeHash: (lo: number, hi: number) => H): H[] {
  const topDown: H[] = [];
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (m < lo + k) {
      topDown.push(rangeHash(lo + k, hi));
      hi = lo + k;
    } else {
      topDown.push(rangeHash(lo, lo + k));
      lo += k;
    }
  }
  return topDown.reverse();
}

/**
 * PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true). Precondition: 0 < m <= n. `complete`
 * is the RFC's b: whether the current range is still the whole old tree, whose root the
 * verifier already has.
 */
export function consistencyPath(m: number, n: number, rangeHash: RangeHash): Uint8Array[] {
  const topDown: Uint8Array[] = [];
  let lo = 0;
  let hi = n;
  let complete = true;
  while (m !== hi) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (m - lo <= k) {
      topDown.push(rangeHash(lo + k, hi));
      hi = lo + k;
    } else {
      topDown.push(rangeHash(lo, lo + k));
      lo += k;
      complete = false;
    }
  }
  if (!complete) topDown.push(rangeHash(lo, hi));
  return topDown.reverse();
}
