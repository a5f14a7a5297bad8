import { bytesToHex } from '../bytes';
import { canonicalBytes, canonicalize, JcsError, JSON_MAX_DEPTH, type JsonValue } from './index';

/** Canonicalizes a value the type system would refuse, as a careless caller might. */
const canonicalizeAny = (v: unknown): string => canonicalize(v as JsonValue);

function refusalOf(v: unknown): JcsError {
  try {
    canonicalizeAny(v);
  } catch (e) {
    if (e instanceof JcsError) return e;
    throw e;
  }
  throw new Error('not refused');
}

test('sorts members at every level by UTF-16 code units, not code points or locale', () => {
  // U+FB33 sorts after U+1F600 as UTF-16 (0xD83D < 0xFB33) though its code point is smaller.
  const value = {
    b: { z: 1, a: [{ y: 2, x: 1 }] },
    '\ufb33': 1,
    '\u{1f600}': 2,
    a: 0,
    '10': 1,
    '9': 2,
  };
  expect(canonicalize(value)).toBe(
    '{"10":1,"9":2,"a":0,"b":{"a":[{"x":1,"y":2}],"z":1},"\u{1f600}":2,"\ufb33":1}',
  );
});

test('escapes as RFC 8785 section 3.2.2.2 says: short forms, else lowercase \\u00xx', () => {
  const all = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('');
  expect(canonicalize(all + '"\\/\u007f\u00e9\u2028')).toBe(
    '"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b' +
      '\\f\\r\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017' +
      '\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\\"\\\\/\u007f\u00e9\u2028"',
  );
  expect(canonicalize({ 'a"b': 'c\\d' })).toBe('{"a\\"b":"c\\\\d"}');
});

test('writes numbers as ES6 does, -0 as 0', () => {
  expect(canonicalize([-0, 1e21, 1e-7, 123.456, -5e-324, 2 ** 53])).toBe(
    '[0,1e+21,1e-7,123.456,-5e-324,9007199254740992]',
  );
});

test('canonicalBytes is the UTF-8 of the canonical text', () => {
  expect(bytesToHex(canonicalBytes({ b: '\u00e9', a: '\u{1f600}' }))).toBe(
    '7b2261223a22f09f9880222c2262223a22c3a9227d',
  );
});

test('a member named __proto__ is written like any other', () => {
  const withOwnProto = JSON.parse('{"b":1,"__proto__":{"x":1}}') as JsonValue;
  expect(canonicalize(withOwnProto)).toBe('{"__proto__":{"x":1},"b":1}');
  const nullProto = Object.assign(Object.create(null) as Record<string, JsonValue>, { a: 1 });
  expect(canonicalize(nullProto)).toBe('{"a":1}');
});

describe('values without a JSON form are refused with the path to them', () => {
  class Point {
    x = 1;
  }
  const unsupported = 'json.unsupported_value';
  test.each<[string, unknown, string, string]>([
    ['NaN', { caps: [{ x: NaN }] }, 'json.unsupported_value', 'caps[0].x'],
    ['Infinity', [1, Infinity], 'json.unsupported_value', '[1]'],
    ['-Infinity', -Infinity, 'json.unsupported_value', ''],
    ['undefined member (refused, not skipped)', { a: 1, b: undefined }, unsupported, 'b'],
    ['undefined', undefined, 'json.unsupported_value', ''],
    ['array hole', [1, , 2], 'json.unsupported_value', '[1]'],
    ['bigint', { n: 1n }, 'json.unsupported_value', 'n'],
    ['function', { f: () => 1 }, 'json.unsupported_value', 'f'],
    ['symbol', [Symbol('s')], 'json.unsupported_value', '[0]'],
    ['Date', { at: new Date(0) }, 'json.unsupported_value', 'at'],
    ['Map', new Map(), 'json.unsupported_value', ''],
    ['class instance', { p: new Point() }, 'json.unsupported_value', 'p'],
    ['prototype set by a __proto__ literal', { __proto__: { x: 1 } }, 'json.unsupported_value', ''],
    ['Uint8Array', { b: new Uint8Array(1) }, 'json.unsupported_value', 'b'],
    ['lone surrogate in a value', { b: { s: ['ok', 'a\ud800'] } }, 'json.lone_surrogate', 'b.s[1]'],
    ['lone surrogate in a name', { a: { '\udc00': 1 } }, 'json.lone_surrogate', 'a.\udc00'],
  ])('%s', (_name, value, code, path) => {
    const e = refusalOf(value);
    expect(e.problem).toEqual({ code, path, message: expect.any(String) });
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toContain(path);
  });
});

describe('nesting depth', () => {
  const nested = (n: number): JsonValue => {
    let v: JsonValue = [];
    for (let i = 1; i < n; i++) v = [v];
    return v;
  };

  test(`accepts ${JSON_MAX_DEPTH} levels and refuses one more`, () => {
    expect(canonicalize(nested(JSON_MAX_DEPTH))).toHaveLength(2 * JSON_MAX_DEPTH);
    expect(refusalOf(nested(JSON_MAX_DEPTH + 1)).problem.code).toBe('json.too_deep');
  });

  test('a cycle is refused instead of overflowing the stack', () => {
    const cycle: unknown[] = [];
    cycle.push({ again: cycle });
    expect(refusalOf(cycle).problem.code).toBe('json.too_deep');
  });
});
