import { formatEventLine, parseEnd, parseEventLine, parseHeader } from './export-format';

test('event lines carry the envelope text byte for byte', () => {
  const text = '{"hash":"ab","statement":{"body":{"x":"\\u00e9 }"}},"v":1}';
  const line = formatEventLine(42, text);
  expect(JSON.parse(line)).toMatchObject({ position: 42 });
  expect(parseEventLine(line)).toEqual({ position: 42, text });
  expect(parseEventLine('{"position":042,"envelope":{}}')).toBeUndefined();
  expect(parseEventLine('{"end":{"count":1,"rootHash":null}}')).toBeUndefined();
});

test('headers and end lines are recognised, anything else is not', () => {
  expect(parseHeader('{"writ-export":1,"ledgerId":"l","origin":null,"verifierKey":null,"from":0,"to":3,"checkpoint":null}')).toMatchObject({ ledgerId: 'l', to: 3 });
  expect(parseHeader('{"writ-export":2,"ledgerId":"l","from":0,"to":3}')).toBeUndefined();
  expect(parseHeader('not json')).toBeUndefined();
  expect(parseEnd('{"end":{"count":3,"rootHash":"00"}}')).toEqual({ end: { count: 3, rootHash: '00' } });
  expect(parseEnd('{"end":{"count":-1}}')).toBeUndefined();
});
