// Times travel as RFC 3339 UTC text with milliseconds and are compared as epoch
// milliseconds. The domain never reads a clock: `now` is the event's recordedAt.
import { err, ok, problem, type Result } from '../../errors/problem';

const TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Epoch ms of a time written exactly as `Date#toISOString` writes it, or undefined.
 * On every decision's hot path (several times per event), so it reads the fixed
 * positions itself instead of Date.parse plus a toISOString round trip.
 */
export function parseInstant(text: unknown): number | undefined {
  if (typeof text !== 'string' || text.length !== 24 || !TIME_PATTERN.test(text)) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const [hour, minute, second] = [digits(text, 11, 2), digits(text, 14, 2), digits(text, 17, 2)];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  // Date.UTC reads years 0-99 as 1900-1999; 400 Gregorian years later is the same calendar.
  return Date.UTC(year + 400, month - 1, day, hour, minute, second, digits(text, 20, 3)) - GREGORIAN_400_YEARS_MS;
}

const GREGORIAN_400_YEARS_MS = 146_097 * 86_400_000;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + (text.charCodeAt(i) - 48);
  return n;
}

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS[month - 1]!;
}

export const formatInstant = (ms: number): string => new Date(ms).toISOString();

/**
 * Invariant 8: a statement's issuedAt must lie within `skewSeconds` of the ledger clock
 * (either side), which bounds how long a signed statement stays usable.
 */
export function checkIssuedAt(issuedAt: string, nowMs: number, skewSeconds: number): Result<void> {
  const at = parseInstant(issuedAt);
  if (at !== undefined && Math.abs(at - nowMs) <= skewSeconds * 1000) return ok(undefined);
  return err(
    problem('statement.issued_at_skew', `issuedAt must be within ${skewSeconds}s of the ledger clock`, 'issuedAt', {
      issuedAt,
      ledgerTime: formatInstant(nowMs),
      skewSeconds,
    }),
  );
}
