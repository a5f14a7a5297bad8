import fc from 'fast-check';
import { matchesResource } from './resource-pattern';
import { patternsOverlap } from './pattern-overlap';

test.each([
  ['a literal inside a template', 'crm://customers/42', 'crm://customers/*', true],
  ['another collection', 'crm://orders/*', 'crm://customers/*', false],
  ['another scheme', 'erp://customers/*', 'crm://customers/*', false],
  ['** over a one-segment template', 'crm://**', 'crm://customers/*', true],
  ['a deeper **', 'crm://customers/*/notes/**', 'crm://customers/*', false],
  ['two ** always meet', 'crm://a/**', 'crm://*/b/**', true],
  ['lengths differ', 'crm://a/b', 'crm://a', false],
  ['** matches the collection itself', 'crm://a/**', 'crm://a', true],
  ['a malformed pattern meets nothing', 'crm://a//b', 'crm://**', false],
])('%s', (_why, a, b, expected) => {
  expect(patternsOverlap(a, b)).toBe(expected);
  expect(patternsOverlap(b, a)).toBe(expected);
});

// Against the definition: over a small alphabet, a witness of length <= 4 exists exactly
// when the patterns overlap (every pattern here has at most 3 fixed segments).
const SEG = ['a', 'b'];
const patternArb = fc
  .record({ tokens: fc.array(fc.constantFrom('a', 'b', '*'), { maxLength: 3 }), rest: fc.boolean() })
  .filter(({ tokens, rest }) => tokens.length > 0 || rest)
  .map(({ tokens, rest }) => `x://${(rest ? [...tokens, '**'] : tokens).join('/')}`);

function witnesses(): string[] {
  const out: string[] = [];
  const grow = (prefix: string[]) => {
    if (prefix.length > 0) out.push(`x://${prefix.join('/')}`);
    if (prefix.length < 4) for (const s of SEG) grow([...prefix, s]);
  };
  grow([]);
  return out;
}
const ALL = witnesses();

test('overlap holds exactly when some resource matches both', () => {
  fc.assert(
    fc.property(patternArb, patternArb, (a, b) => {
      const witnessed = ALL.some((r) => matchesResource(a, r) && matchesResource(b, r));
      expect(patternsOverlap(a, b)).toBe(witnessed);
    }),
    { numRuns: 2000 },
  );
});
