import { parseCanonical } from './index';

test('accepts canonical text and returns its value', () => {
  const text = '{"a":[1,1.5,"\u00e9",null,true,false,{}],"b":{"\\n":"x"}}';
  expect(parseCanonical(text)).toEqual({
    ok: true,
    value: { a: [1, 1.5, '\u00e9', null, true, false, {}], b: { '\n': 'x' } },
  });
});

/** [why, text, offset of the first character that differs from the canonical form] */
test.each<[string, string, number]>([
  ['whitespace', '{"a": 1}', 5],
  ['leading whitespace', ' {}', 0],
  ['trailing newline', '{}\n', 2],
  ['member order', '{"b":1,"a":2}', 2],
  ['nested member order', '{"a":{"d":1,"c":2}}', 7],
  ['trailing zero', '1.0', 1],
  ['exponent form', '1e2', 1],
  ['capital E', '1E+30', 1],
  ['minus zero', '-0', 0],
  ['needless escape', '"\\u0041"', 1],
  ['escaped solidus', '"\\/"', 1],
  ['escaped non-ASCII', '"\\u00e9"', 1],
  ['uppercase hex escape', '"\\u001F"', 6],
  ['long form of \\n', '"\\u000a"', 2],
  ['escaped pair', '"\\ud83d\\ude00"', 1],
])('refuses %s', (_why, text, offset) => {
  const message = expect.any(String) as string;
  expect(parseCanonical(text)).toEqual({
    ok: false,
    problems: [{ code: 'json.not_canonical', path: '', message, details: { offset } }],
  });
});

test('a text the strict parser refuses keeps the parser refusal', () => {
  const result = parseCanonical('{"a":1,"a":1}');
  expect(!result.ok && result.problems[0]).toMatchObject({ code: 'json.duplicate_key', path: 'a' });
  const lone = parseCanonical('"\\ud800"');
  expect(!lone.ok && lone.problems[0].code).toBe('json.lone_surrogate');
});
