import fc from 'fast-check';
import { utf8Length } from '../../src/interface/graphql/types/signed-statement.input';

test('utf8Length is the UTF-8 byte count Node writes, for any string (lone surrogates included)', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => utf8Length(text) === Buffer.byteLength(text, 'utf8')), { numRuns: 2000 });
  fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => utf8Length(text) === Buffer.byteLength(text, 'utf8')), { numRuns: 500 });
});

test.each([
  ['', 0],
  ['a', 1],
  ['é', 2],
  ['€', 3],
  ['😀', 4],
  ['\ud83d', 3],
  ['\ude00\ud83d', 6],
])('utf8Length(%j) is %i', (text, bytes) => {
  expect(utf8Length(text)).toBe(bytes);
});
