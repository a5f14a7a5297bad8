import fc from 'fast-check';
import {
  covers,
  coveredBy,
  matchesResource,
  permits,
  validateCapability,
  type ActionRequest,
  type Capability,
  type Conditions,
  type PermitVerdict,
  type RateLimit,
} from '.';

const cap = (resource: string, actions: string[], conditions?: Conditions): Capability =>
  conditions === undefined ? { resource, actions } : { resource, actions, conditions };

describe('covers: resources and actions', () => {
  test('a capability covers itself', () => {
    const c = cap('erp://po/*', ['read'], { maxAmount: 5, approvalAbove: 1, rate: { max: 1, perSeconds: 1 } });
    expect(covers(c, c)).toBe(true);
  });

  test.each([
    ['a narrower pattern', 'erp://po/**', 'erp://po/*/lines', true],
    ['a wider pattern', 'erp://po/*/lines', 'erp://po/**', false],
    ['the collection under **', 'erp://po/**', 'erp://po', true],
    ['another scheme', 'erp://**', 'crm://po', false],
  ])('%s', (_why, parent, child, expected) => {
    expect(covers(cap(parent, ['read']), cap(child, ['read']))).toBe(expected);
  });

  test.each([
    [['read', 'write'], ['read'], true],
    [['read', 'write'], ['write', 'read'], true],
    [['read'], ['read', 'write'], false],
    [['read'], ['write'], false],
  ])('parent actions %p, child actions %p: %p', (parent, child, expected) => {
    expect(covers(cap('erp://po', parent), cap('erp://po', child))).toBe(expected);
  });
});

describe('covers: conditions are no looser', () => {
  const parentWith = (conditions: Conditions): Capability => cap('erp://po/*', ['approve'], conditions);
  const childWith = (conditions?: Conditions): Capability => cap('erp://po/1', ['approve'], conditions);

  test.each([
    ['maxAmount dropped', { maxAmount: 100 }, undefined, false],
    ['maxAmount raised', { maxAmount: 100 }, { maxAmount: 100.5 }, false],
    ['maxAmount kept', { maxAmount: 100 }, { maxAmount: 100 }, true],
    ['maxAmount lowered', { maxAmount: 100 }, { maxAmount: 0 }, true],
    ['approvalAbove dropped', { approvalAbove: 100 }, { maxAmount: 1 }, false],
    ['approvalAbove raised', { approvalAbove: 100 }, { approvalAbove: 101 }, false],
    ['approvalAbove lowered', { approvalAbove: 100 }, { approvalAbove: 50 }, true],
    ['rate dropped', { rate: { max: 5, perSeconds: 60 } }, {}, false],
    ['rate max raised', { rate: { max: 5, perSeconds: 60 } }, { rate: { max: 6, perSeconds: 60 } }, false],
    ['rate window shortened', { rate: { max: 5, perSeconds: 60 } }, { rate: { max: 5, perSeconds: 59 } }, false],
    ['rate max lowered, window lengthened', { rate: { max: 5, perSeconds: 60 } }, { rate: { max: 1, perSeconds: 3600 } }, true],
    ['conditions added by the child', {}, { maxAmount: 1, approvalAbove: 0, rate: { max: 1, perSeconds: 1 } }, true],
    ['a NaN child bound', { maxAmount: 100 }, { maxAmount: Number.NaN }, false],
  ])('%s', (_why, parent: Conditions, child: Conditions | undefined, expected) => {
    expect(covers(parentWith(parent), childWith(child))).toBe(expected);
  });

  test('the rule is syntactic: a lower maxAmount does not stand in for a dropped approvalAbove', () => {
    expect(covers(parentWith({ approvalAbove: 100 }), childWith({ maxAmount: 50 }))).toBe(false);
  });
});

describe('coveredBy', () => {
  const read = cap('erp://po/*', ['read']);
  const write = cap('erp://po/*', ['write']);

  test('one single parent must cover the child; parents are not combined', () => {
    expect(coveredBy([read, write], cap('erp://po/1', ['read']))).toBe(true);
    expect(coveredBy([read, write], cap('erp://po/1', ['write']))).toBe(true);
    expect(coveredBy([read, write], cap('erp://po/1', ['read', 'write']))).toBe(false);
  });

  test('nothing is covered by no parents', () => {
    expect(coveredBy([], read)).toBe(false);
  });
});

// --- properties ---------------------------------------------------------------
// Small alphabets, so that coverage and matching happen often.

const TOKEN = fc.constantFrom('a', 'b', '*');
const ACTIONS = ['read', 'write', 'approve'];
const AMOUNTS = [0, 0.5, 10, 100, 1000];

const patternArb = fc
  .record({ scheme: fc.constantFrom('erp', 'erp', 'erp', 'crm'), tokens: fc.array(TOKEN, { maxLength: 3 }), rest: fc.boolean() })
  .filter(({ tokens, rest }) => tokens.length > 0 || rest)
  .map(({ scheme, tokens, rest }) => `${scheme}://${(rest ? [...tokens, '**'] : tokens).join('/')}`);

const rateArb: fc.Arbitrary<RateLimit> = fc.record({ max: fc.integer({ min: 1, max: 5 }), perSeconds: fc.integer({ min: 1, max: 5 }) });

const conditionsArb: fc.Arbitrary<Conditions | undefined> = fc.option(
  fc.record(
    { maxAmount: fc.constantFrom(...AMOUNTS), approvalAbove: fc.constantFrom(...AMOUNTS), rate: rateArb },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

const capabilityArb: fc.Arbitrary<Capability> = fc
  .record({
    resource: patternArb,
    actions: fc.subarray(ACTIONS, { minLength: 1 }),
    conditions: conditionsArb,
  })
  .map(({ resource, actions, conditions }) => cap(resource, actions, conditions));

/** A child pattern no wider than `pattern`, built by narrowing it token by token. */
function narrowPatternArb(pattern: string): fc.Arbitrary<string> {
  const [scheme, path] = pattern.split('://') as [string, string];
  const tokens = path.split('/');
  const rest = tokens[tokens.length - 1] === '**';
  const fixed = rest ? tokens.slice(0, -1) : tokens;
  const head = fc.tuple(...fixed.map((t) => (t === '*' ? fc.constantFrom('*', 'a', 'b', 'z') : fc.constant(t))));
  const tail = rest
    ? fc.record({ extra: fc.array(TOKEN, { maxLength: 2 }), rest: fc.boolean() })
    : fc.constant({ extra: [] as string[], rest: false });
  return fc.tuple(head, tail).map(([h, t]) => {
    const segments = [...h, ...t.extra];
    if (segments.length === 0 && !t.rest) segments.push('a');
    return `${scheme}://${(t.rest ? [...segments, '**'] : segments).join('/')}`;
  });
}

/** A bound no looser than `parent`'s: kept or lowered; anything when the parent has none. */
const narrowBoundArb = (parent: number | undefined): fc.Arbitrary<number | undefined> =>
  parent === undefined ? fc.option(fc.constantFrom(...AMOUNTS), { nil: undefined }) : fc.constantFrom(parent, parent / 2, 0);

const narrowRateArb = (parent: RateLimit | undefined): fc.Arbitrary<RateLimit | undefined> =>
  parent === undefined
    ? fc.option(rateArb, { nil: undefined })
    : fc.record({ max: fc.integer({ min: 1, max: parent.max }), perSeconds: fc.integer({ min: parent.perSeconds, max: parent.perSeconds + 5 }) });

function narrowConditionsArb(parent: Conditions | undefined): fc.Arbitrary<Conditions | undefined> {
  return fc
    .tuple(narrowBoundArb(parent?.maxAmount), narrowBoundArb(parent?.approvalAbove), narrowRateArb(parent?.rate))
    .map(([maxAmount, approvalAbove, rate]) => {
      const entries = Object.entries({ maxAmount, approvalAbove, rate }).filter(([, v]) => v !== undefined);
      return entries.length === 0 ? undefined : (Object.fromEntries(entries) as Conditions);
    });
}

const narrowArb = (parent: Capability): fc.Arbitrary<Capability> =>
  fc
    .tuple(narrowPatternArb(parent.resource), fc.subarray([...parent.actions], { minLength: 1 }), narrowConditionsArb(parent.conditions))
    .map(([resource, actions, conditions]) => cap(resource, actions, conditions));

/** A child that is either a narrowing of `parent` (covered by construction) or unrelated. */
const childOfArb = (parent: Capability): fc.Arbitrary<Capability> => fc.oneof(narrowArb(parent), capabilityArb);

const pairArb = capabilityArb.chain((parent) => childOfArb(parent).map((child) => [parent, child] as const));

const requestArb: fc.Arbitrary<ActionRequest> = fc.record({
  action: fc.constantFrom(...ACTIONS, 'delete'),
  resource: fc
    .tuple(fc.constantFrom('erp', 'erp', 'crm'), fc.array(fc.constantFrom('a', 'b', 'z'), { minLength: 1, maxLength: 4 }))
    .map(([scheme, segs]) => `${scheme}://${segs.join('/')}`),
  amount: fc.option(
    fc.oneof(
      fc.constantFrom(0, 0.25, 0.5, 5, 10, 50, 100, 500, 1000, 1001, -1, Number.NaN, Number.POSITIVE_INFINITY),
      fc.double({ min: 0, max: 2000, noNaN: true }),
    ),
    { nil: undefined },
  ),
});

/** A request aimed inside `capability`: its pattern filled in with concrete segments, one of its actions. */
function requestInsideArb(capability: Capability): fc.Arbitrary<ActionRequest> {
  const [scheme, path] = capability.resource.split('://') as [string, string];
  const tokens = path.split('/').filter((t) => t !== '**');
  const rest = path === '**' || path.endsWith('/**');
  const segment = fc.constantFrom('a', 'b', 'z');
  const head = fc.tuple(...tokens.map((t) => (t === '*' ? segment : fc.constant(t))));
  const tail = rest ? fc.array(segment, { maxLength: 2 }) : fc.constant([] as string[]);
  return fc
    .record({ head, tail, action: fc.constantFrom(...capability.actions), base: requestArb })
    .filter(({ head: h, tail: t }) => h.length + t.length > 0)
    .map(({ head: h, tail: t, action, base }) => ({ ...base, action, resource: `${scheme}://${[...h, ...t].join('/')}` }));
}

/** A parent, a child and a request that often lands inside the child. */
const caseArb = pairArb.chain(([parent, child]) =>
  fc.oneof(requestArb, requestInsideArb(child)).map((request) => [parent, child, request] as const),
);

/** How much a verdict lets through: a denial least, approval in between, a permit most. */
const RANK: Record<PermitVerdict['kind'], number> = { denied: 0, approval_required: 1, permitted: 2 };

test('generated capabilities are valid input', () => {
  fc.assert(
    fc.property(pairArb, ([parent, child]) => {
      expect(validateCapability(parent, '').ok).toBe(true);
      expect(validateCapability(child, '').ok).toBe(true);
    }),
  );
});

test('a narrowing is always covered', () => {
  const narrowedArb = capabilityArb.chain((p) => narrowArb(p).map((c) => [p, c] as const));
  fc.assert(
    fc.property(narrowedArb, ([p, c]) => expect(covers(p, c)).toBe(true)),
    { numRuns: 1000 },
  );
});

test('covers is reflexive', () => {
  fc.assert(fc.property(capabilityArb, (c) => expect(covers(c, c)).toBe(true)), { numRuns: 500 });
});

test('covers is transitive', () => {
  let chains = 0;
  const tripleArb = capabilityArb.chain((a) => childOfArb(a).chain((b) => childOfArb(b).map((c) => [a, b, c] as const)));
  fc.assert(
    fc.property(tripleArb, ([a, b, c]) => {
      if (!covers(a, b) || !covers(b, c)) return;
      chains++;
      expect(covers(a, c)).toBe(true);
    }),
    { numRuns: 2000 },
  );
  expect(chains).toBeGreaterThan(250);
});

test('a covering capability matches every resource the covered one matches', () => {
  fc.assert(
    fc.property(caseArb, ([parent, child, { resource }]) => {
      if (covers(parent, child) && matchesResource(child.resource, resource)) {
        expect(matchesResource(parent.resource, resource)).toBe(true);
      }
    }),
    { numRuns: 2000 },
  );
});

// The exact soundness property: when covers(parent, child), for every request,
// - the child's verdict is never more permissive than the parent's
//   (rank denied < approval_required < permitted): what the child permits outright the
//   parent permits outright, and what the child lets through at all (even only with
//   approval) the parent does not deny;
// - when both ask for approval, the child's threshold is no higher than the parent's.
// (The parent may be more permissive than the child: that is what attenuation is.)
test('attenuation is sound: a covered child never lets through more than its parent', () => {
  const seen = { covered: 0, permitted: 0, approval: 0 };
  fc.assert(
    fc.property(caseArb, ([parent, child, request]) => {
      if (!covers(parent, child)) return;
      seen.covered++;
      const c = permits(child, request);
      const p = permits(parent, request);
      if (c.kind === 'permitted') seen.permitted++;
      if (c.kind === 'approval_required') seen.approval++;
      expect(RANK[c.kind]).toBeLessThanOrEqual(RANK[p.kind]);
      if (c.kind === 'approval_required' && p.kind === 'approval_required') {
        expect(c.threshold).toBeLessThanOrEqual(p.threshold);
      }
    }),
    { numRuns: 5000 },
  );
  expect(seen.covered).toBeGreaterThan(1500);
  expect(seen.permitted).toBeGreaterThan(250);
  expect(seen.approval).toBeGreaterThan(80);
});
