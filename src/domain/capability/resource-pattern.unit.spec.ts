import fc from 'fast-check';
import { matchesResource, parseConcreteResource, parseResourcePattern, patternCovers } from '.';

describe('pattern syntax', () => {
  test.each([
    'erp://po',
    'erp://po/*',
    'erp://po/**',
    'erp://**',
    'erp://*',
    'erp://po/*/lines/**',
    'crm://customers/**',
    'git+ssh://repo.v2/x',
    "erp://po/PO-1.2_3~a:b@c!$&'()+,;=",
  ])('accepts %s', (text) => {
    expect(parseResourcePattern(text).ok).toBe(true);
  });

  test.each([
    ['no scheme separator', 'erp:/po'],
    ['uppercase scheme', 'ERP://po'],
    ['scheme starting with a digit', '1rp://po'],
    ['underscore in scheme', 'e_rp://po'],
    ['empty scheme', '://po'],
    ['no segment', 'erp://'],
    ['trailing slash', 'erp://po/'],
    ['empty segment', 'erp://po//1'],
    ['leading slash', 'erp:///po'],
    ['** not last', 'erp://**/po'],
    ['** in the middle', 'erp://po/**/lines'],
    ['wildcard inside a segment', 'erp://po*'],
    ['wildcard inside a segment (middle)', 'erp://p*o'],
    ['triple star', 'erp://po/***'],
    ['percent-encoding', 'erp://po/a%2Fb'],
    ['dot segment', 'erp://po/./1'],
    ['dot-dot segment', 'erp://po/../hr'],
    ['query', 'erp://po?x=1'],
    ['fragment', 'erp://po#x'],
    ['space', 'erp://po/a b'],
    ['non-ASCII', 'erp://po/é'],
    ['too long', `erp://${'a'.repeat(1020)}`],
  ])('refuses %s: %s', (_why, text) => {
    const parsed = parseResourcePattern(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason.length).toBeGreaterThan(0);
  });

  test('a concrete resource has no wildcards', () => {
    expect(parseConcreteResource('erp://po/17')).toEqual({ scheme: 'erp', segments: ['po', '17'], rest: false });
    expect(parseConcreteResource('erp://po/*')).toBeUndefined();
    expect(parseConcreteResource('erp://po/**')).toBeUndefined();
    expect(parseConcreteResource('erp://po//1')).toBeUndefined();
  });
});

describe('matchesResource', () => {
  test.each([
    ['erp://po/*', 'erp://po/17', true],
    ['erp://po/*', 'erp://po', false],
    ['erp://po/*', 'erp://po/17/lines', false],
    ['erp://po/**', 'erp://po/17/lines/3', true],
    ['erp://po/**', 'erp://po', true], // ** matches zero segments
    ['erp://po/**', 'erp://pos', false],
    ['erp://**', 'erp://anything/at/all', true],
    ['erp://**', 'crm://anything', false],
    ['erp://po', 'erp://po', true],
    ['erp://po', 'ERP://po', false],
    ['erp://po/*/lines', 'erp://po/17/lines', true],
    ['erp://po/*/lines', 'erp://po/17/notes', false],
    ['erp://po/17', 'erp://po/17/', false],
  ])('%s matches %s: %s', (pattern, resource, expected) => {
    expect(matchesResource(pattern, resource)).toBe(expected);
  });

  test('a resource with wildcards or a malformed pattern matches nothing', () => {
    expect(matchesResource('erp://po/*', 'erp://po/*')).toBe(false);
    expect(matchesResource('erp://**', 'erp://po/**')).toBe(false);
    expect(matchesResource('erp://po*', 'erp://po1')).toBe(false);
    expect(matchesResource('erp://**/x', 'erp://a/x')).toBe(false);
  });
});

describe('patternCovers', () => {
  test.each([
    ['erp://a/**', 'erp://a/*/c', true],
    ['erp://a/*/c', 'erp://a/**', false],
    ['erp://a/*', 'erp://a/b', true],
    ['erp://a/b', 'erp://a/*', false],
    ['erp://**', 'erp://x/*/y/**', true],
    ['erp://**', 'crm://x', false], // scheme mismatch
    ['erp://a/*', 'erp://a/**', false],
    ['erp://a/**', 'erp://a/*/**', true],
    ['erp://a/*/**', 'erp://a/**', false], // the child matches erp://a itself
    ['erp://po/**', 'erp://po', true], // consistent with ** matching zero segments
    ['erp://po', 'erp://po/**', false],
    ['erp://*/**', 'erp://**', true], // both match every resource of the scheme
    ['erp://**', 'erp://*/**', true],
    ['erp://*/*/**', 'erp://**', false],
    ['erp://a/b', 'erp://a/b', true],
    ['erp://a/b', 'erp://a/b/c', false],
    ['erp://po*', 'erp://po1', false], // malformed parent covers nothing
    ['erp://**', 'erp://po*', false], // malformed child is covered by nothing
  ])('%s covers %s: %s', (parent, child, expected) => {
    expect(patternCovers(parent, child)).toBe(expected);
  });
});

// --- exhaustive cross-check against brute-force enumeration ---------------------

const PATTERN_TOKENS = ['a', 'b', '*'];
const CONCRETE_SEGMENTS = ['a', 'b', 'z']; // z: a literal no pattern names
const SCHEMES = ['erp', 'crm'];

function sequences(alphabet: readonly string[], length: number): string[][] {
  if (length === 0) return [[]];
  return sequences(alphabet, length - 1).flatMap((s) => alphabet.map((x) => [...s, x]));
}

function allPatterns(maxSegments: number): string[] {
  const out: string[] = [];
  for (const scheme of SCHEMES) {
    for (let n = 0; n <= maxSegments; n++) {
      for (const segs of sequences(PATTERN_TOKENS, n)) {
        if (n > 0) out.push(`${scheme}://${segs.join('/')}`);
        out.push(`${scheme}://${[...segs, '**'].join('/')}`);
      }
    }
  }
  return out;
}

function allResources(maxSegments: number): string[] {
  const out: string[] = [];
  for (const scheme of SCHEMES) {
    for (let n = 1; n <= maxSegments; n++) {
      out.push(...sequences(CONCRETE_SEGMENTS, n).map((segs) => `${scheme}://${segs.join('/')}`));
    }
  }
  return out;
}

describe('coverage equals inclusion of matched sets, on every small pattern', () => {
  // Patterns have at most 3 segments. If a child's set is not inside a parent's, a
  // witness exists with at most max(n, m) + 1 <= 4 segments, using `z` where a child
  // `*` meets a parent literal; so enumerating resources up to 4 segments over
  // {a, b, z} decides inclusion exactly for these patterns.
  const patterns = allPatterns(3);
  const resources = allResources(4);
  const matched = patterns.map((p) => resources.map((r) => matchesResource(p, r)));
  const coverMatrix = patterns.map((p) => patterns.map((c) => patternCovers(p, c)));

  test('every pattern is well formed and matches something', () => {
    expect(patterns.length).toBe(158);
    expect(patterns.every((p) => parseResourcePattern(p).ok)).toBe(true);
    expect(matched.every((row) => row.some(Boolean))).toBe(true);
  });

  test('patternCovers(p, c) iff every enumerated resource c matches, p matches', () => {
    let coveredPairs = 0;
    const mismatches: string[] = [];
    patterns.forEach((p, i) =>
      patterns.forEach((c, j) => {
        const included = matched[j]!.every((m, k) => !m || matched[i]![k]!);
        if (included !== coverMatrix[i]![j]) mismatches.push(`${p} / ${c}: expected ${included}`);
        if (included) coveredPairs++;
      }),
    );
    expect(mismatches).toEqual([]);
    expect(coveredPairs).toBeGreaterThan(1000); // coverage is common, not a corner case
  });

  test('coverage is reflexive and transitive', () => {
    const n = patterns.length;
    const broken: string[] = [];
    for (let i = 0; i < n; i++) {
      if (!coverMatrix[i]![i]) broken.push(`not reflexive: ${patterns[i]}`);
      for (let j = 0; j < n; j++) {
        if (!coverMatrix[i]![j]) continue;
        for (let k = 0; k < n; k++) {
          if (coverMatrix[j]![k] && !coverMatrix[i]![k]) broken.push(`${patterns[i]} ${patterns[j]} ${patterns[k]}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});

// --- matching against a regular-expression reference --------------------------

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The spec, written literally as a regular expression: `*` one segment, `**` any number. */
function referenceMatches(pattern: string, resource: string): boolean {
  const [scheme, path] = pattern.split('://') as [string, string];
  const tokens = path.split('/');
  const rest = tokens[tokens.length - 1] === '**';
  const fixed = rest ? tokens.slice(0, -1) : tokens;
  const body = fixed.map((t) => (t === '*' ? '[^/]+' : escapeRegExp(t))).join('/');
  const tail = !rest ? '' : fixed.length > 0 ? '(/[^/]+)*' : '[^/]+(/[^/]+)*';
  return new RegExp(`^${escapeRegExp(scheme)}://${body}${tail}$`).test(resource);
}

const segmentText = fc.constantFrom('a', 'b', 'po', 'x.y', 'PO-1', "(a)+$'");
const patternArb = fc
  .record({
    scheme: fc.constantFrom('erp', 'erp', 'crm'),
    tokens: fc.array(fc.oneof(segmentText, fc.constant('*')), { maxLength: 4 }),
    rest: fc.boolean(),
  })
  .filter(({ tokens, rest }) => tokens.length > 0 || rest)
  .map(({ scheme, tokens, rest }) => `${scheme}://${(rest ? [...tokens, '**'] : tokens).join('/')}`);
const resourceArb = fc
  .record({ scheme: fc.constantFrom('erp', 'erp', 'crm'), segs: fc.array(segmentText, { minLength: 1, maxLength: 6 }) })
  .map(({ scheme, segs }) => `${scheme}://${segs.join('/')}`);

test('matchesResource agrees with the regular-expression reference', () => {
  let hits = 0;
  fc.assert(
    fc.property(patternArb, resourceArb, (pattern, resource) => {
      const expected = referenceMatches(pattern, resource);
      if (expected) hits++;
      expect(matchesResource(pattern, resource)).toBe(expected);
    }),
    { numRuns: 2000 },
  );
  expect(hits).toBeGreaterThan(50);
});

test('a covering pattern matches every resource the covered one matches', () => {
  fc.assert(
    fc.property(patternArb, patternArb, resourceArb, (parent, child, resource) => {
      if (patternCovers(parent, child) && matchesResource(child, resource)) {
        expect(matchesResource(parent, resource)).toBe(true);
      }
    }),
    { numRuns: 2000 },
  );
});
