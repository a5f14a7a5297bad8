// Trees and positions for the property tests. Leaf inputs are derived from a seed, so
// fast-check only draws (and shrinks) numbers; every leaf differs from every other, so a
// leaf claimed at the wrong index is always a false claim.
import fc from 'fast-check';
import { utf8ToBytes } from '../../../src/integrity/bytes';

export const MAX_LEAVES = 300;

export function leavesFor(seed: number, n: number): Uint8Array[] {
  // Lengths vary (0 to 4 filler bytes) so leaf inputs are not all the same size.
  return Array.from({ length: n }, (_, j) => utf8ToBytes(`${'~'.repeat((seed + j) % 5)}${seed}:${j}`));
}

export const leavesArb = (max = MAX_LEAVES): fc.Arbitrary<Uint8Array[]> =>
  fc.record({ seed: fc.nat(), n: fc.integer({ min: 1, max }) }).map(({ seed, n }) => leavesFor(seed, n));

export interface InclusionCase {
  readonly leaves: Uint8Array[];
  readonly size: number;
  readonly index: number;
}

/** A tree, a past size of it, and a leaf inside that size. */
export const inclusionCaseArb: fc.Arbitrary<InclusionCase> = leavesArb().chain((leaves) =>
  fc
    .integer({ min: 1, max: leaves.length })
    .chain((size) =>
      fc.record({ leaves: fc.constant(leaves), size: fc.constant(size), index: fc.integer({ min: 0, max: size - 1 }) }),
    ),
);

export interface ConsistencyCase {
  readonly leaves: Uint8Array[];
  readonly size1: number;
  readonly size2: number;
}

/** A tree and two past sizes 0 < size1 <= size2 of it. */
export const consistencyCaseArb: fc.Arbitrary<ConsistencyCase> = leavesArb().chain((leaves) =>
  fc
    .integer({ min: 1, max: leaves.length })
    .chain((size2) =>
      fc.record({ leaves: fc.constant(leaves), size1: fc.integer({ min: 1, max: size2 }), size2: fc.constant(size2) }),
    ),
);

/** A copy of bytes with one bit flipped (bit counted over the whole array). */
export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  const i = Math.floor(bit / 8) % out.length;
  out[i] = out[i]! ^ (1 << bit % 8);
  return out;
}
