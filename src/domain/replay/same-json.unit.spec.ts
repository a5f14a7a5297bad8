// The recorded result is compared with the derived one as JSON values: member order and
// absent-versus-undefined members do not matter; anything else does.
import fc from 'fast-check';
import { canonicalize, type JsonValue } from '../../integrity/jcs';
import { sameJson } from './same-json';

test('agrees with comparing RFC 8785 texts', () => {
  const json = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue>;
  fc.assert(
    fc.property(json, json, (a, b) => {
      expect(sameJson(a, b)).toBe(canonicalize(a) === canonicalize(b));
      expect(sameJson(a, JSON.parse(JSON.stringify(a)))).toBe(true);
    }),
    { numRuns: 500 },
  );
});

test.each([
  [{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
  [{ a: 1, b: undefined }, { a: 1 }, true],
  [{ a: 1 }, { a: 1, b: 2 }, false],
  [{ a: 1, c: 2 }, { a: 1, b: 2 }, false],
  [[1, 2], [1, 2, 3], false],
  [[1], { 0: 1 }, false],
  [{ 0: 1 }, [1], false],
  [null, {}, false],
  ['1', 1, false],
])('%j vs %j: %p', (a, b, same) => {
  expect(sameJson(a, b)).toBe(same);
});
