// parseInstant reads the fixed positions itself for speed; it must agree exactly with
// the reference reading (Date.parse, then the toISOString round trip) on every input.
import fc from 'fast-check';
import { checkIssuedAt, formatInstant, parseInstant } from './time';

const reference = (text: string): number | undefined => {
  const ms = Date.parse(text);
  return Number.isFinite(ms) && new Date(ms).toISOString() === text ? ms : undefined;
};

const MIN = Date.parse('0000-01-01T00:00:00.000Z');
const MAX = Date.parse('9999-12-31T23:59:59.999Z');

test('every instant from year 0000 to 9999 round-trips', () => {
  fc.assert(fc.property(fc.integer({ min: MIN, max: MAX }), (ms) => {
    expect(parseInstant(formatInstant(ms))).toBe(ms);
  }), { numRuns: 2000 });
});

test('any text of the right shape is read as the reference reads it', () => {
  const d = (n: number) => fc.integer({ min: 0, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, '0'));
  const shaped = fc.tuple(d(4), d(2), d(2), d(2), d(2), d(2), d(3)).map(([y, mo, da, h, mi, s, ms]) => `${y}-${mo}-${da}T${h}:${mi}:${s}.${ms}Z`);
  fc.assert(fc.property(shaped, (text) => expect(parseInstant(text)).toBe(reference(text))), { numRuns: 3000 });
});

test.each([
  ['2024-02-29T00:00:00.000Z', true],
  ['2023-02-29T00:00:00.000Z', false],
  ['2000-02-29T12:00:00.000Z', true],
  ['1900-02-29T12:00:00.000Z', false],
  ['0050-01-01T00:00:00.000Z', true],
  ['2026-04-31T00:00:00.000Z', false],
  ['2026-11-24T24:00:00.000Z', false],
  ['2026-11-24T10:00:00Z', false],
  ['2026-11-24T10:00:00.000+00:00', false],
  [' 2026-11-24T10:00:00.000Z', false],
])('%s is an instant: %p', (text, valid) => {
  expect(parseInstant(text) !== undefined).toBe(valid);
  expect(parseInstant(text)).toBe(reference(text));
});

test('non-strings are not instants', () => {
  expect([parseInstant(1), parseInstant(null), parseInstant(undefined)]).toEqual([undefined, undefined, undefined]);
});

test('issuedAt must lie within the skew window, inclusive', () => {
  const now = Date.parse('2026-11-24T10:00:00.000Z');
  expect(checkIssuedAt('2026-11-24T10:05:00.000Z', now, 300).ok).toBe(true);
  expect(checkIssuedAt('2026-11-24T09:55:00.000Z', now, 300).ok).toBe(true);
  expect(checkIssuedAt('2026-11-24T10:05:00.001Z', now, 300)).toMatchObject({ ok: false, problems: [{ code: 'statement.issued_at_skew', path: 'issuedAt' }] });
  expect(checkIssuedAt('not a time', now, 300).ok).toBe(false);
});
