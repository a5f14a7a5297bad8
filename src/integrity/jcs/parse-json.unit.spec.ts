import { JSON_MAX_DEPTH, parseJson, type JsonValue } from './index';

/** [text, code, path, offset] */
type Refusal = readonly [string, string, string, number];

function expectRefused([text, code, path, offset]: Refusal): void {
  const result = parseJson(text);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.problems).toHaveLength(1);
  const message = expect.any(String) as string;
  expect(result.problems[0]).toEqual({ code, path, message, details: { offset } });
}

function expectValue(text: string, expected: JsonValue): void {
  expect(parseJson(text)).toEqual({ ok: true, value: expected });
}

describe('duplicate member names', () => {
  test.each<Refusal>([
    ['{"a":1,"a":2}', 'json.duplicate_key', 'a', 7],
    ['{"a":1,"\\u0061":2}', 'json.duplicate_key', 'a', 7],
    ['{"\\/":1,"/":2}', 'json.duplicate_key', '/', 8],
    ['{"body":{"caps":[{"x":1,"y":2,"x":3}]}}', 'json.duplicate_key', 'body.caps[0].x', 30],
    ['{"__proto__":1,"__proto__":2}', 'json.duplicate_key', '__proto__', 15],
    ['{"a":{},"b":{},"a":{}}', 'json.duplicate_key', 'a', 15],
  ])('%s', (...refusal) => expectRefused(refusal));

  test('the same name in sibling objects is no duplicate', () => {
    expectValue('[{"a":1},{"a":2}]', [{ a: 1 }, { a: 2 }]);
  });
});

describe('lone surrogates', () => {
  test.each<Refusal>([
    ['"\ud800"', 'json.lone_surrogate', '', 1],
    ['"ab\udc00"', 'json.lone_surrogate', '', 3],
    ['"\udc00\ud800"', 'json.lone_surrogate', '', 1],
    ['"\\ud800"', 'json.lone_surrogate', '', 1],
    ['"\\uDFFF"', 'json.lone_surrogate', '', 1],
    ['"\\ud800\\u0041"', 'json.lone_surrogate', '', 1],
    ['"\\ud800\\ud800\\udc00"', 'json.lone_surrogate', '', 1],
    ['"\\udc00\\ud800"', 'json.lone_surrogate', '', 1],
    // Half raw, half escaped: the decoded string would be well formed, the text is not.
    ['"\ud83d\\ude00"', 'json.lone_surrogate', '', 1],
    ['"\\ud83d\ude00"', 'json.lone_surrogate', '', 1],
    ['{"\\ud800":1}', 'json.lone_surrogate', '', 2],
    ['{"ok":{"\udc00":1}}', 'json.lone_surrogate', 'ok', 8],
    ['{"body":{"caps":[1,"\\udbff"]}}', 'json.lone_surrogate', 'body.caps[1]', 20],
  ])('%j', (...refusal) => expectRefused(refusal));

  test('pairs, raw or escaped, are characters like any other', () => {
    expectValue('"\\ud83d\\ude00"', '\u{1f600}');
    expectValue('"\\uD83D\\uDE00"', '\u{1f600}');
    expectValue('"\u{1f600}"', '\u{1f600}');
    expectValue('{"\\ud83d\\ude00":"x"}', { '\u{1f600}': 'x' });
  });
});

describe('numbers that do not round-trip through a double', () => {
  test.each<Refusal>([
    ['12345678901234567890', 'json.number_not_round_trip', '', 0],
    ['9007199254740993', 'json.number_not_round_trip', '', 0],
    ['295147905179352825856', 'json.number_not_round_trip', '', 0],
    ['0.30000000000000001', 'json.number_not_round_trip', '', 0],
    ['2.4703282292062328e-324', 'json.number_not_round_trip', '', 0],
    ['1e400', 'json.number_not_round_trip', '', 0],
    ['-1e400', 'json.number_not_round_trip', '', 0],
    ['1.7976931348623159e308', 'json.number_not_round_trip', '', 0],
    ['1e-400', 'json.number_not_round_trip', '', 0],
    ['-1e-99999999999999999999', 'json.number_not_round_trip', '', 0],
    ['{"a":[1,2,1e999]}', 'json.number_not_round_trip', 'a[2]', 10],
  ])('%s', (...refusal) => expectRefused(refusal));

  test('the message says what went wrong', () => {
    const messageOf = (text: string) => {
      const r = parseJson(text);
      return r.ok ? '' : r.problems[0].message;
    };
    expect(messageOf('1e400')).toMatch(/beyond the range/);
    expect(messageOf('1e-400')).toMatch(/would read as 0/);
    expect(messageOf('9007199254740993')).toMatch(/reads back as 9007199254740992/);
  });

  test.each<[string, number]>([
    ['1.10', 1.1],
    ['1e2', 100],
    ['1E+2', 100],
    ['100e-2', 1],
    ['0.1', 0.1],
    ['-0.5', -0.5],
    ['5e-324', 5e-324],
    ['1.7976931348623157e308', 1.7976931348623157e308],
    ['9007199254740992', 9007199254740992],
    ['295147905179352830000', 2 ** 68],
    ['1e0000000000000000000000001', 10],
    ['0e99999999999999999999', 0],
    ['0.000e-5', 0],
  ])('%s is accepted as %d (non-canonical spelling of an exact value)', (text, value) => {
    expectValue(text, value);
  });

  test('-0 denotes zero and reads as +0', () => {
    const r = parseJson('-0');
    expect(r.ok && Object.is(r.value, 0)).toBe(true);
  });
});

describe('syntax', () => {
  test.each<Refusal>([
    ['', 'json.syntax', '', 0],
    ['  ', 'json.syntax', '', 2],
    ['[1,]', 'json.syntax', '[1]', 3],
    ['{"a":1,}', 'json.syntax', '', 7],
    ['{"a":{"b":[1,2,]}}', 'json.syntax', 'a.b[2]', 15],
    ['01', 'json.syntax', '', 0],
    ['-01', 'json.syntax', '', 0],
    ['{"x":00}', 'json.syntax', 'x', 5],
    ['NaN', 'json.syntax', '', 0],
    ['Infinity', 'json.syntax', '', 0],
    ['-Infinity', 'json.syntax', '', 1],
    ['[1,NaN]', 'json.syntax', '[1]', 3],
    ['// comment\n1', 'json.syntax', '', 0],
    ['/* c */ 1', 'json.syntax', '', 0],
    ['{"a":1 /* c */}', 'json.syntax', '', 7],
    ['{"a":1}x', 'json.syntax', '', 7],
    ['{"a":1} {}', 'json.syntax', '', 8],
    ['1 2', 'json.syntax', '', 2],
    ['"a"b', 'json.syntax', '', 3],
    ['[1 2]', 'json.syntax', '', 3],
    ["'a'", 'json.syntax', '', 0],
    ['{a:1}', 'json.syntax', '', 1],
    ['{"a" 1}', 'json.syntax', '', 5],
    ['{"a":}', 'json.syntax', 'a', 5],
    ['{"a":1', 'json.syntax', '', 6],
    ['[1', 'json.syntax', '', 2],
    ['1.', 'json.syntax', '', 2],
    ['.5', 'json.syntax', '', 0],
    ['1.e3', 'json.syntax', '', 2],
    ['1e', 'json.syntax', '', 2],
    ['1e+', 'json.syntax', '', 3],
    ['+1', 'json.syntax', '', 0],
    ['-', 'json.syntax', '', 1],
    ['0x10', 'json.syntax', '', 1],
    ['tru', 'json.syntax', '', 0],
    ['nul', 'json.syntax', '', 0],
    ['True', 'json.syntax', '', 0],
    ['"abc', 'json.syntax', '', 4],
    ['"tab\there"', 'json.syntax', '', 4],
    ['"nul\u0000"', 'json.syntax', '', 4],
    ['"\\x"', 'json.syntax', '', 2],
    ['"\\U0041"', 'json.syntax', '', 2],
    ['"\\u12"', 'json.syntax', '', 5],
    ['"\\u12zz"', 'json.syntax', '', 5],
    ['"\\', 'json.syntax', '', 2],
    ['\ufeff{}', 'json.syntax', '', 0],
    ['\u00a0{}', 'json.syntax', '', 0],
    ['{}\u2028', 'json.syntax', '', 2],
    ['{"k":[{"x":tru}]}', 'json.syntax', 'k[0].x', 11],
  ])('%j', (...refusal) => expectRefused(refusal));
});

describe('accepted text', () => {
  test('the four JSON whitespace characters, anywhere between tokens', () => {
    expectValue(' \t\n\r{ \t\n\r"a" \t\n\r: \t\n\r[ 1 , true ,false,null ] \t\n\r} \t\n\r', {
      a: [1, true, false, null],
    });
  });

  test('every escape', () => {
    const text = '"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u00E9\\u0000"';
    expectValue(text, '"\\/\b\f\n\r\t\u00e9\u00e9\u0000');
  });

  test('scalars at the root, and empty containers', () => {
    expectValue('true', true);
    expectValue('null', null);
    expectValue('"x"', 'x');
    expectValue('[]', []);
    expectValue('{}', {});
    expectValue('[[],{},[{}]]', [[], {}, [{}]]);
  });

  test('unescaped non-ASCII text is kept as is, not normalized', () => {
    expectValue('"A\u030a"', 'A\u030a');
  });
});

describe('__proto__ and other inherited names', () => {
  test('a member named __proto__ stays an ordinary own member', () => {
    const r = parseJson('{"__proto__":{"polluted":true},"a":1}');
    if (!r.ok) throw new Error('refused');
    const value = r.value as Record<string, JsonValue>;
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(Object.keys(value)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('names inherited by ordinary objects are not members unless written', () => {
    const r = parseJson('{"a":1}');
    if (!r.ok) throw new Error('refused');
    expect('constructor' in (r.value as object)).toBe(false);
    expect('toString' in (r.value as object)).toBe(false);
    expectValue('{"constructor":1,"toString":2}', { constructor: 1, toString: 2 });
  });
});

describe('nesting depth', () => {
  const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);

  test(`accepts ${JSON_MAX_DEPTH} levels`, () => {
    expect(parseJson(nested(JSON_MAX_DEPTH)).ok).toBe(true);
    expect(parseJson(`{"a":${nested(JSON_MAX_DEPTH - 1)}}`).ok).toBe(true);
  });

  test('refuses one level more, and never overflows the stack', () => {
    const path = '[0]'.repeat(JSON_MAX_DEPTH);
    expectRefused([nested(JSON_MAX_DEPTH + 1), 'json.too_deep', path, JSON_MAX_DEPTH]);
    expectRefused(['['.repeat(200_000), 'json.too_deep', path, JSON_MAX_DEPTH]);
    const r = parseJson('{"a":'.repeat(100_000));
    expect(!r.ok && r.problems[0].code).toBe('json.too_deep');
  });
});
