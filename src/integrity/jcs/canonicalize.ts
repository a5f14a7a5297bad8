// RFC 8785 JSON Canonicalization Scheme (JCS), written here rather than taken from the
// `canonicalize` npm package: its versions >= 3 require Node 22 (we run Node 20 and
// browsers), and we need our own strict parser (parse-json.ts) anyway, so the two halves
// share one notion of a JSON value.
//
// This is on the hot path (every statement and every envelope hash), so it builds one
// string in a single pass, sorts each object's fresh key array in place, and tracks the
// path of a bad value only when one is found.
import type { ErrorCode } from '../../errors/codes';
import { joinPath, problem } from '../../errors/problem';
import { utf8ToBytes } from '../bytes';
import { JcsError, JSON_MAX_DEPTH, type JsonValue } from './types';

// In a `u` regex a surrogate pair is one code point, so only lone surrogates match.
const LONE_SURROGATE = /\p{Cs}/u;
// Strings without these need no escaping; most names and values in a statement are such,
// and quoting them directly is about twice as fast as JSON.stringify.
const NEEDS_CARE = /["\\\u0000-\u001f]|\p{Cs}/u;

/** A value without a JSON form, found while writing; becomes a JcsError at the top. */
class Refusal {
  /** Path segments from the bad value up to the root, pushed while unwinding. */
  readonly segments: (string | number)[] = [];

  constructor(
    readonly code: ErrorCode,
    readonly message: string,
  ) {}

  toError(): JcsError {
    const path = this.segments.reduceRight<string>((base, key) => joinPath(base, key), '');
    return new JcsError(problem(this.code, this.message, path));
  }
}

/**
 * The RFC 8785 canonical text of `value`: object members sorted by the UTF-16 code units
 * of their names, numbers as ES6 serializes them, strings escaped as JSON.stringify does
 * (which is what RFC 8785 section 3.2.2.2 specifies), no whitespace.
 * Throws JcsError for a value with no JSON form: NaN or ±Infinity, a lone surrogate in a
 * string or member name, undefined (also as a member value: it is refused, not skipped,
 * so a signer never signs less than it meant), functions, bigint, symbols, objects whose
 * prototype is neither Object.prototype nor null, and nesting deeper than JSON_MAX_DEPTH
 * (which also catches cycles). `toJSON` methods are not called.
 */
export function canonicalize(value: JsonValue): string {
  try {
    return write(value, 0);
  } catch (e) {
    throw e instanceof Refusal ? e.toError() : e;
  }
}

/** The canonical text of `value` as UTF-8 bytes: what gets signed and hashed. */
export function canonicalBytes(value: JsonValue): Uint8Array {
  return utf8ToBytes(canonicalize(value));
}

/** `depth` counts the containers around `v`. */
function write(v: unknown, depth: number): string {
  switch (typeof v) {
    case 'string':
      return writeString(v);
    case 'number':
      if (Number.isFinite(v)) return String(v);
      throw new Refusal('json.unsupported_value', `${v} has no JSON form`);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      if (depth >= JSON_MAX_DEPTH) {
        throw new Refusal('json.too_deep', `nesting deeper than ${JSON_MAX_DEPTH} levels`);
      }
      return Array.isArray(v) ? writeArray(v, depth + 1) : writeObject(v, depth + 1);
    default:
      throw new Refusal('json.unsupported_value', `a value of type ${typeof v} has no JSON form`);
  }
}

function writeString(s: string): string {
  if (!NEEDS_CARE.test(s)) return `"${s}"`;
  if (LONE_SURROGATE.test(s)) {
    throw new Refusal('json.lone_surrogate', 'a string holds a lone surrogate');
  }
  return JSON.stringify(s);
}

function writeArray(a: readonly unknown[], depth: number): string {
  let out = '[';
  for (let i = 0; i < a.length; i++) {
    if (i > 0) out += ',';
    out += writeMember(i, a[i], depth);
  }
  return out + ']';
}

function writeObject(o: object, depth: number): string {
  const proto: unknown = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) {
    throw new Refusal('json.unsupported_value', 'only plain objects have a JSON form');
  }
  // Default sort compares UTF-16 code units, exactly the order RFC 8785 section 3.2.3 wants.
  const keys = Object.keys(o).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out += ',';
    const key = keys[i]!;
    out += writeMember(key, (o as Readonly<Record<string, unknown>>)[key], depth);
  }
  return out + '}';
}

/** Writes one element or member, adding its name to the path of any refusal inside it. */
function writeMember(key: string | number, value: unknown, depth: number): string {
  try {
    const text = write(value, depth);
    return typeof key === 'number' ? text : `${writeString(key)}:${text}`;
  } catch (e) {
    if (e instanceof Refusal) e.segments.push(key);
    throw e;
  }
}
