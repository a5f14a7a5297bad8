// The compact nonce index answers as the exact map does: every recorded pair is found
// with the position that used it last, and pairs never recorded are not, also while the
// table grows and for pairs that only differ in where actor ends and nonce begins.
import fc from 'fast-check';
import { NonceMap } from '../domain';
import { NonceFingerprints } from './nonce-fingerprints';

test('agrees with the exact map on random uses, across growth', () => {
  const pairs = fc.array(fc.tuple(fc.constantFrom('a', 'ab', 'agent-1', 'b'), fc.string({ maxLength: 6 })), { maxLength: 400 });
  fc.assert(
    fc.property(pairs, pairs, (used, asked) => {
      const exact = new NonceMap();
      const compact = new NonceFingerprints();
      used.forEach(([actor, nonce], position) => {
        expect(compact.seen(actor, nonce)).toBe(exact.seen(actor, nonce));
        exact.remember(actor, nonce, position);
        compact.remember(actor, nonce, position);
      });
      for (const [actor, nonce] of [...asked, ...used]) expect(compact.seen(actor, nonce)).toBe(exact.seen(actor, nonce));
    }),
    { numRuns: 100 },
  );
});

test('holds 200k pairs in 16 bytes a slot, at most half full', () => {
  const index = new NonceFingerprints();
  for (let i = 0; i < 200_000; i++) index.remember(`agent-${i % 1000}`, `nonce-${i}`, i);
  expect(index.size).toBe(200_000);
  expect(index.bytes).toBeLessThanOrEqual(200_000 * 2 * 16 * 2);
  expect(index.seen('agent-7', 'nonce-7')).toBe(7);
  expect(index.seen('agent-7', 'nonce-8')).toBeUndefined();
  expect(index.seen('agent-', '7nonce-7')).toBeUndefined();
  expect(index.seen('agent-199999', 'nonce-199999')).toBeUndefined();
  expect(index.seen('agent-999', 'nonce-199999')).toBe(199_999);
});

test('refuses positions it cannot hold rather than wrap them', () => {
  const index = new NonceFingerprints();
  expect(() => index.remember('a', 'n', 2 ** 32)).toThrow(RangeError);
  expect(() => index.remember('a', 'n', -1)).toThrow(RangeError);
  index.remember('a', 'n', 2 ** 32 - 2);
  expect(index.seen('a', 'n')).toBe(2 ** 32 - 2);
});
