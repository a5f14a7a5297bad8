// The strict RFC 8259 parser for text that arrives over the API (attacker-controlled).
// Beyond JSON.parse it refuses duplicate member names (compared after unescaping), lone
// surrogates (raw or escaped), numbers that do not round-trip through a double (rule in
// number.ts) and nesting deeper than JSON_MAX_DEPTH, so that every accepted text has
// exactly one meaning and one canonical form. No BOM, comments or trailing commas.
import { err, ok, type Result } from '../../errors/problem';
import { roundTripFailure, roundTripNumber } from './number';
import { readString } from './read-string';
import { CH, expected, fail, Failure, found, scanner, skipWhitespace } from './scanner';
import type { Scanner } from './scanner';
import { JSON_MAX_DEPTH, type JsonObject, type JsonValue } from './types';

/**
 * Parses `text` as one JSON value, refusing with a single Problem: code `json.syntax`,
 * `json.duplicate_key`, `json.lone_surrogate`, `json.number_not_round_trip` or
 * `json.too_deep`; `path` names the member being read (`body.caps[0].x`, `""` for the
 * root) and `details.offset` the UTF-16 code unit index of the fault in `text`.
 * Objects come back with a null prototype; `-0` comes back as 0.
 */
export function parseJson(text: string): Result<JsonValue> {
  const s = scanner(text);
  try {
    skipWhitespace(s);
    const value = readValue(s);
    skipWhitespace(s);
    if (s.pos < text.length) {
      fail(s, 'json.syntax', `unexpected ${found(s, s.pos)} after the JSON value`, s.pos);
    }
    return ok(value);
  } catch (e) {
    if (e instanceof Failure) return err(e.problem);
    throw e;
  }
}

function readValue(s: Scanner): JsonValue {
  const c = s.text.charCodeAt(s.pos);
  if (c === CH.LBRACE) return readObject(s);
  if (c === CH.LBRACKET) return readArray(s);
  if (c === CH.QUOTE) return readString(s);
  if (c === CH.MINUS || (c >= CH.ZERO && c <= CH.NINE)) return readNumber(s);
  if (s.text.startsWith('true', s.pos)) return readLiteral(s, 4, true);
  if (s.text.startsWith('false', s.pos)) return readLiteral(s, 5, false);
  if (s.text.startsWith('null', s.pos)) return readLiteral(s, 4, null);
  return expected(s, 'a JSON value');
}

function readLiteral<T>(s: Scanner, length: number, value: T): T {
  s.pos += length;
  return value;
}

function readArray(s: Scanner): JsonValue[] {
  enter(s);
  const out: JsonValue[] = [];
  skipWhitespace(s);
  if (s.text.charCodeAt(s.pos) === CH.RBRACKET) return leave(s, out);
  for (;;) {
    s.path.push(out.length);
    out.push(readValue(s));
    s.path.pop();
    skipWhitespace(s);
    const c = s.text.charCodeAt(s.pos);
    if (c === CH.RBRACKET) return leave(s, out);
    if (c !== CH.COMMA) expected(s, "',' or ']'");
    s.pos++;
    skipWhitespace(s);
  }
}

function readObject(s: Scanner): JsonObject {
  enter(s);
  // A null prototype keeps a member named `__proto__` an ordinary own property and
  // keeps inherited names (`constructor`, `toString`) from looking like members.
  const out = Object.create(null) as Record<string, JsonValue>;
  skipWhitespace(s);
  if (s.text.charCodeAt(s.pos) === CH.RBRACE) return leave(s, out);
  for (;;) {
    const key = readMemberName(s, out);
    s.path.push(key);
    out[key] = readValue(s);
    s.path.pop();
    skipWhitespace(s);
    const c = s.text.charCodeAt(s.pos);
    if (c === CH.RBRACE) return leave(s, out);
    if (c !== CH.COMMA) expected(s, "',' or '}'");
    s.pos++;
    skipWhitespace(s);
  }
}

/** Reads `"name" :` and refuses a name `members` already holds. */
function readMemberName(s: Scanner, members: Record<string, JsonValue>): string {
  const at = s.pos;
  if (s.text.charCodeAt(at) !== CH.QUOTE) expected(s, 'a member name in double quotes');
  const key = readString(s);
  // Values are never undefined, so this is an own-property test on a null-prototype object.
  if (members[key] !== undefined) {
    s.path.push(key);
    fail(s, 'json.duplicate_key', `duplicate member name ${JSON.stringify(key)}`, at);
  }
  skipWhitespace(s);
  if (s.text.charCodeAt(s.pos) !== CH.COLON) expected(s, "':' after a member name");
  s.pos++;
  skipWhitespace(s);
  return key;
}

function enter(s: Scanner): void {
  if (++s.depth > JSON_MAX_DEPTH) {
    fail(s, 'json.too_deep', `nesting deeper than ${JSON_MAX_DEPTH} levels`, s.pos);
  }
  s.pos++;
}

function leave<T>(s: Scanner, value: T): T {
  s.depth--;
  s.pos++;
  return value;
}

/** `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, then the round-trip rule. */
function readNumber(s: Scanner): number {
  const start = s.pos;
  let i = s.text.charCodeAt(start) === CH.MINUS ? start + 1 : start;
  if (s.text.charCodeAt(i) === CH.ZERO) {
    i++;
    if (isDigit(s.text.charCodeAt(i))) {
      fail(s, 'json.syntax', 'leading zeros are not allowed', start);
    }
  } else {
    i = readDigits(s, i);
  }
  if (s.text.charCodeAt(i) === CH.DOT) i = readDigits(s, i + 1);
  const e = s.text.charCodeAt(i);
  if (e === CH.E_LOWER || e === CH.E_UPPER) {
    const sign = s.text.charCodeAt(i + 1);
    i = readDigits(s, sign === CH.PLUS || sign === CH.MINUS ? i + 2 : i + 1);
  }
  const token = s.text.slice(start, i);
  const value = roundTripNumber(token);
  if (value === undefined) fail(s, 'json.number_not_round_trip', roundTripFailure(token), start);
  s.pos = i;
  return value;
}

/** One or more digits from `at`; returns the index after them. */
function readDigits(s: Scanner, at: number): number {
  let i = at;
  while (isDigit(s.text.charCodeAt(i))) i++;
  if (i === at) expected(s, 'a digit', at);
  return i;
}

const isDigit = (c: number): boolean => c >= CH.ZERO && c <= CH.NINE;
