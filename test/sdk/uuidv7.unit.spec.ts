import fc from 'fast-check';
import { uuidv7 } from '../../src/sdk';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('RFC 9562 layout: version 7, variant 10, the time in the first 48 bits', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (ms) => {
      const id = uuidv7(ms);
      expect(id).toMatch(UUID_V7);
      expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
    }),
  );
});

test('the RFC 9562 appendix example time encodes as the RFC writes it', () => {
  // RFC 9562 A.6: 2022-02-22T19:22:22Z = 0x017F22E279B0 ms.
  expect(uuidv7(Date.parse('2022-02-22T19:22:22.000Z')).slice(0, 13)).toBe('017f22e2-79b0');
});

test('ids of later milliseconds sort later; ids of one millisecond differ', () => {
  expect(uuidv7(1_000) < uuidv7(1_001)).toBe(true);
  const same = new Set(Array.from({ length: 1000 }, () => uuidv7(5)));
  expect(same.size).toBe(1000);
});

test('the clock is the default', () => {
  const before = Date.now();
  const ms = parseInt(uuidv7().replace(/-/g, '').slice(0, 12), 16);
  expect(ms).toBeGreaterThanOrEqual(before);
  expect(ms).toBeLessThanOrEqual(Date.now());
});

test.each([-1, 2 ** 48, 1.5, Number.NaN])('a time of %p ms is refused', (ms) => {
  expect(() => uuidv7(ms)).toThrow(RangeError);
});
