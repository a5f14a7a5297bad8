import fc from 'fast-check';
import { covers, rateAllows, type Capability, type RateLimit } from '.';

const NOW = 1_700_000_000_000;

describe('rateAllows', () => {
  const twoPerMinute: RateLimit = { max: 2, perSeconds: 60 };

  test('allows while fewer than max decisions lie in the window', () => {
    expect(rateAllows(twoPerMinute, [], NOW)).toBe(true);
    expect(rateAllows(twoPerMinute, [NOW - 1000], NOW)).toBe(true);
    expect(rateAllows(twoPerMinute, [NOW - 1000, NOW - 2000], NOW)).toBe(false);
  });

  test('the window is (now - perSeconds, now]: open at the start, closed at now', () => {
    const start = NOW - 60_000;
    expect(rateAllows(twoPerMinute, [start, NOW - 1], NOW)).toBe(true); // start itself is outside
    expect(rateAllows(twoPerMinute, [start + 1, NOW - 1], NOW)).toBe(false);
    expect(rateAllows(twoPerMinute, [NOW, NOW], NOW)).toBe(false); // now is inside
  });

  test('decisions after now are not in the window', () => {
    expect(rateAllows(twoPerMinute, [NOW + 1, NOW + 2, NOW - 5], NOW)).toBe(true);
  });

  test('max 1 allows exactly one decision per window', () => {
    const once: RateLimit = { max: 1, perSeconds: 1 };
    expect(rateAllows(once, [], NOW)).toBe(true);
    expect(rateAllows(once, [NOW - 999], NOW)).toBe(false);
    expect(rateAllows(once, [NOW - 1000], NOW)).toBe(true);
  });
});

// --- the attenuation rule for rates is sound -----------------------------------

const withRate = (rate: RateLimit): Capability => ({ resource: 'erp://po', actions: ['read'], conditions: { rate } });
const rateArb = fc.record({ max: fc.integer({ min: 1, max: 6 }), perSeconds: fc.integer({ min: 1, max: 10 }) });
/** Decision times within a few windows of NOW, dense enough that limits are reached. */
const historyArb = fc.array(fc.integer({ min: NOW - 12_000, max: NOW + 500 }), { maxLength: 25 });

test('whenever covers(parent, child), every check the child rate passes, the parent rate passes', () => {
  let covered = 0;
  let childAllowed = 0;
  fc.assert(
    fc.property(rateArb, rateArb, historyArb, (parent, child, history) => {
      if (!covers(withRate(parent), withRate(child))) return;
      covered++;
      if (!rateAllows(child, history, NOW)) return;
      childAllowed++;
      expect(rateAllows(parent, history, NOW)).toBe(true);
    }),
    { numRuns: 3000 },
  );
  expect(covered).toBeGreaterThan(300);
  expect(childAllowed).toBeGreaterThan(100);
});

/** Admits requests in time order while the limit allows; returns the admitted times. */
function admit(rate: RateLimit, attempts: readonly number[]): number[] {
  const admitted: number[] = [];
  for (const t of [...attempts].sort((a, b) => a - b)) if (rateAllows(rate, admitted, t)) admitted.push(t);
  return admitted;
}

test('a history built under a covered child limit never breaks the parent limit at any decision', () => {
  fc.assert(
    fc.property(rateArb, rateArb, historyArb, (parent, child, attempts) => {
      if (!covers(withRate(parent), withRate(child))) return;
      const admitted = admit(child, attempts);
      admitted.forEach((t, i) => expect(rateAllows(parent, admitted.slice(0, i), t)).toBe(true));
    }),
    { numRuns: 2000 },
  );
});

test('the rule is needed: a shorter child window or a larger child max is not covered, and would break the parent', () => {
  const parent: RateLimit = { max: 2, perSeconds: 10 };
  const shorterWindow: RateLimit = { max: 2, perSeconds: 5 };
  const largerMax: RateLimit = { max: 3, perSeconds: 10 };
  expect(covers(withRate(parent), withRate(shorterWindow))).toBe(false);
  expect(covers(withRate(parent), withRate(largerMax))).toBe(false);
  // Two decisions 6 s ago and one now: the 5 s child window holds none of the earlier
  // ones, the 10 s parent window holds both.
  const history = [NOW - 6000, NOW - 6000];
  expect(rateAllows(shorterWindow, history, NOW)).toBe(true);
  expect(rateAllows(parent, history, NOW)).toBe(false);
  expect(rateAllows(largerMax, history, NOW)).toBe(true);
});
