// A slow, literal transcription of RFC 9162 §2.1 for tests only: MTH (§2.1.1), PATH
// (§2.1.3.1), PROOF/SUBPROOF (§2.1.4.1) as the RFC's recursive definitions over lists
// of leaf inputs, and the verification loops of §2.1.3.2 and §2.1.4.2 step by step.
// It hashes with Node's own SHA-256 and shares no code with src/integrity/merkle, so
// the fast tree is checked against something written independently of it.
import { createHash } from 'node:crypto';

type Entries = readonly Uint8Array[];

function hash(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return new Uint8Array(h.digest());
}

const leaf = (d: Uint8Array): Uint8Array => hash(Uint8Array.of(0x00), d);
const node = (l: Uint8Array, r: Uint8Array): Uint8Array => hash(Uint8Array.of(0x01), l, r);
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

/** "the largest power of two smaller than n (i.e., k < n <= 2k)", n > 1. */
function largestPowerOfTwoSmallerThan(n: number): number {
  let k = 1;
  while (2 * k < n) k *= 2;
  return k;
}

/** MTH(D[n]). */
export function mth(d: Entries): Uint8Array {
  if (d.length === 0) return hash();
  if (d.length === 1) return leaf(d[0]!);
  const k = largestPowerOfTwoSmallerThan(d.length);
  return node(mth(d.slice(0, k)), mth(d.slice(k)));
}

/** The leaf hash of one entry, as MTH({d}). */
export const referenceLeafHash = (d: Uint8Array): Uint8Array => mth([d]);

/** PATH(m, D[n]), 0 <= m < n. */
export function path(m: number, d: Entries): Uint8Array[] {
  if (d.length === 1) return [];
  const k = largestPowerOfTwoSmallerThan(d.length);
  if (m < k) return [...path(m, d.slice(0, k)), mth(d.slice(k))];
  return [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true), 0 < m <= n. */
export const proof = (m: number, d: Entries): Uint8Array[] => subproof(m, d, true);

function subproof(m: number, d: Entries, b: boolean): Uint8Array[] {
  const n = d.length;
  if (m === n) return b ? [] : [mth(d)];
  const k = largestPowerOfTwoSmallerThan(n);
  if (m <= k) return [...subproof(m, d.slice(0, k), b), mth(d.slice(k))];
  return [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

/** §2.1.3.2, steps 1-5 as written. Sizes below 2^31 (it uses bit shifts). */
export function rfcVerifyInclusion(
  leafIndex: number,
  treeSize: number,
  h: Uint8Array,
  p: Entries,
  root: Uint8Array,
): boolean {
  if (leafIndex >= treeSize) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = h;
  for (const q of p) {
    if (sn === 0) return false;
    if ((fn & 1) === 1 || fn === sn) {
      r = node(q, r);
      while ((fn & 1) === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
    } else {
      r = node(r, q);
    }
    [fn, sn] = [fn >> 1, sn >> 1];
  }
  return sn === 0 && same(r, root);
}

/** §2.1.4.2, steps 1-7 as written. Only for 0 < first < second < 2^31. */
export function rfcVerifyConsistency(
  first: number,
  second: number,
  firstHash: Uint8Array,
  secondHash: Uint8Array,
  p: Entries,
): boolean {
  if (p.length === 0) return false;
  const isPowerOfTwo = (first & (first - 1)) === 0;
  const c = isPowerOfTwo ? [firstHash, ...p] : [...p];
  let fn = first - 1;
  let sn = second - 1;
  while ((fn & 1) === 1) [fn, sn] = [fn >> 1, sn >> 1];
  let fr = c[0]!;
  let sr = c[0]!;
  for (const x of c.slice(1)) {
    if (sn === 0) return false;
    if ((fn & 1) === 1 || fn === sn) {
      fr = node(x, fr);
      sr = node(x, sr);
      while ((fn & 1) === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
    } else {
      sr = node(sr, x);
    }
    [fn, sn] = [fn >> 1, sn >> 1];
  }
  return same(fr, firstHash) && same(sr, secondHash) && sn === 0;
}
