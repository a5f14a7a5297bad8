// Index arithmetic for trees of up to 2^53 - 1 leaves. JavaScript's bitwise operators
// work on 32 bits only, so halving and parity are written with division and remainder:
// a log past four billion entries must not wrap around silently.

/** True for non-negative safe integers: the only sizes and indices a tree can have. */
export const isTreeNumber = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

export const isOdd = (n: number): boolean => n % 2 === 1;

/** Right shift by one, for any safe integer n >= 0. */
export const half = (n: number): number => Math.floor(n / 2);

/** The largest power of two strictly below n. Precondition: n >= 2. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** log2(n) when n is a power of two (n >= 1), otherwise undefined. */
export function exactLog2(n: number): number | undefined {
  let level = 0;
  for (let p = 1; p <= n; p *= 2, level++) {
    if (p === n) return level;
  }
  return undefined;
}

/** Number of set bits of n: the number of complete subtrees in a tree of n leaves. */
export function popCount(n: number): number {
  let count = 0;
  for (let v = n; v > 0; v = half(v)) count += v % 2;
  return count;
}

/** One complete, aligned subtree: leaves [index·2^level, (index+1)·2^level). */
export interface Subtree {
  readonly level: number;
  readonly index: number;
}

/**
 * The complete subtrees that tile [0, size), leftmost (largest) first: one per set bit
 * of size. Their hashes are what an append-only tree must remember (the frontier).
 */
export function frontierSubtrees(size: number): Subtree[] {
  const out: Subtree[] = [];
  let start = 0;
  let width = highestPowerOfTwoAtMost(size);
  for (let level = exactLog2(width)!; level >= 0; level--, width /= 2) {
    if (size - start >= width) {
      out.push({ level, index: start / width });
      start += width;
    }
  }
  return out;
}

function highestPowerOfTwoAtMost(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}
