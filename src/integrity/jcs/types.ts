import type { Problem } from '../../errors/problem';

/**
 * A JSON value as Writ signs and hashes it. Numbers are finite doubles; strings are
 * well-formed UTF-16 (no lone surrogates). Objects produced by the parser have a null
 * prototype, so a member named `constructor` or `__proto__` is only ever data.
 */
export type JsonValue = null | boolean | number | string | JsonArray | JsonObject;
export type JsonArray = readonly JsonValue[];
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/**
 * Deepest nesting of arrays and objects the parser and the canonicalizer accept. Both
 * recurse, so without a limit attacker text like `[[[[...` would overflow the stack
 * instead of being refused (RFC 8259 section 9 lets a parser limit nesting).
 * The top-level container is at depth 1.
 */
export const JSON_MAX_DEPTH = 512;

/**
 * Thrown by `canonicalize` for a value that has no JSON form (NaN, ±Infinity,
 * undefined, a lone surrogate, a Date or class instance, nesting deeper than
 * JSON_MAX_DEPTH). Such a value is a bug in the caller, not attacker input: text from
 * outside goes through `parseJson`, which can only produce canonicalizable values.
 */
export class JcsError extends Error {
  override readonly name = 'JcsError';

  constructor(readonly problem: Problem) {
    super(problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`);
  }
}
