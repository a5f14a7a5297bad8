// Field readers for statement bodies. Each reader records a Problem with the field's
// path when the value is wrong and returns a placeholder, so a validator visits every
// field and reports every bad one; the typed body is built only when none was bad.
import { err, joinPath, ok, problem, type Problem, type Result } from '../../errors/problem';
import { readPublicKey } from './keys';
import { parseInstant } from './time';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const MAX_TEXT = 1000;

export interface Fields {
  readonly obj: Readonly<Record<string, unknown>>;
  readonly path: string;
  readonly problems: Problem[];
}

const bad = (f: Fields, key: string, what: string) =>
  f.problems.push(problem('body.invalid', `${key} must be ${what}`, joinPath(f.path, key)));

/** Opens an object at `path`, refusing unknown members (a signed body carries nothing unchecked). */
export function readObject(value: unknown, path: string, problems: Problem[], allowed: readonly string[]): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(problem('body.invalid', 'must be a JSON object', path));
    return { obj: {}, path, problems };
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) problems.push(problem('body.invalid', `unknown field ${key}`, joinPath(path, key)));
  }
  return { obj, path, problems };
}

export const has = (f: Fields, key: string): boolean => f.obj[key] !== undefined;

export function id(f: Fields, key: string): string {
  const v = f.obj[key];
  if (typeof v === 'string' && ID_PATTERN.test(v)) return v;
  bad(f, key, 'an id of 1 to 128 characters [A-Za-z0-9._:-]');
  return '';
}

export const optionalId = (f: Fields, key: string): string | undefined => (has(f, key) ? id(f, key) : undefined);

export function text(f: Fields, key: string, max = MAX_TEXT): string {
  const v = f.obj[key];
  if (typeof v === 'string' && v.length > 0 && v.length <= max) return v;
  bad(f, key, `a non-empty string of at most ${max} characters`);
  return '';
}

export const optionalText = (f: Fields, key: string): string | undefined => (has(f, key) ? text(f, key) : undefined);

/** An RFC 3339 time as Date#toISOString writes it; kept as text, as signed. */
export function instant(f: Fields, key: string): string {
  const v = f.obj[key];
  if (parseInstant(v) !== undefined) return v as string;
  bad(f, key, 'an RFC 3339 UTC time with milliseconds');
  return '';
}

export function integer(f: Fields, key: string, min: number, max: number): number {
  const v = f.obj[key];
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max) return v;
  bad(f, key, `an integer from ${min} to ${max}`);
  return min;
}

export function amount(f: Fields, key: string): number | undefined {
  const v = f.obj[key];
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  bad(f, key, 'a finite number >= 0');
  return undefined;
}

export function oneOf<T extends string>(f: Fields, key: string, values: readonly T[]): T {
  const v = f.obj[key];
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
  bad(f, key, `one of ${values.join(', ')}`);
  return values[0]!;
}

export function hex64(f: Fields, key: string): string {
  const v = f.obj[key];
  if (typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)) return v;
  bad(f, key, '64 lowercase hex characters');
  return '';
}

/** A base64url Ed25519 public key that passes the key policy (key.* codes). */
export function publicKey(f: Fields, key: string): string {
  const v = f.obj[key];
  const path = joinPath(f.path, key);
  if (typeof v !== 'string') {
    f.problems.push(problem('key.malformed', 'a public key is base64url without padding', path));
    return '';
  }
  const checked = readPublicKey(v, path);
  if (!checked.ok) f.problems.push(...checked.problems);
  return v;
}

/** The typed body when no reader found a problem. */
export function finish<T>(problems: readonly Problem[], build: () => T): Result<T> {
  return problems.length === 0 ? ok(build()) : err(problems[0]!, ...problems.slice(1));
}

/** Typed bodies omit absent optional fields rather than carrying `undefined`. */
export function withoutUndefined<T extends object>(value: T): T {
  // A plain loop: this runs for every body on every decision, and entries() allocates a pair per member.
  const out: Record<string, unknown> = {};
  const from = value as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(from)) if (from[key] !== undefined) out[key] = from[key];
  return out as T;
}
