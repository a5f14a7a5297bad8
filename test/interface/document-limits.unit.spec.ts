// The bounds on a document's text and aliases, on small limits where the numbers are
// easy to check by hand.
import { parse } from 'graphql';
import { aliasProblem, sourceProblem, type DocumentLimits } from '../../src/interface/graphql/document-limits';

const limits: DocumentLimits = { maxBytes: 64, maxTokens: 10, maxNesting: 3, maxAliases: 2 };

test.each([
  ['a small document', '{ a { b } }', undefined],
  ['bytes are UTF-8 bytes, not characters', `{ a } # ${'é'.repeat(30)}`, { code: 'query.too_large', details: { bytes: 68, max: 64 } }],
  ['every token counts', '{ a b c d e f g h i }', { code: 'query.too_large', details: { max: 10 } }],
  ['comments count as tokens', '{ a }\n#1\n#2\n#3\n#4\n#5\n#6\n#7\n#8', { code: 'query.too_large', details: { max: 10 } }],
  ['brackets open at once', '{ a(x: [[1]]) }', { code: 'query.too_deep', details: { nesting: 4, max: 3 } }],
  ['as many brackets open as allowed', '{ a { b { c } } }', undefined],
  ['brackets closed do not count', '{ a { b } c { d } }', undefined],
  ['a lexical error is left to the parser', '{ a } "unterminated', undefined],
])('%s', (_, source, expected) => {
  const found = sourceProblem(source, limits);
  expect(found === undefined ? undefined : { code: found.code, details: found.details }).toEqual(expected);
});

test('aliases are counted across the whole document, fragments included', () => {
  expect(aliasProblem(parse('{ x: a y: b }'), limits)).toBeUndefined();
  expect(aliasProblem(parse('{ x: a ...F } fragment F on Q { y: b z: c }'), limits)).toMatchObject({
    code: 'query.too_many_aliases',
    details: { aliases: 3, max: 2 },
  });
});
