// Property tests: a random delegation tree and a random revocation revoke exactly the
// descendants and the live credentials below; attenuation holds along every chain the
// rules accept, and any widening step is refused.
import fc from 'fast-check';
import { cascade, coveredBy, type Capability } from '../../src/domain';
import { runCascade, targets } from './support/cascades';
import * as s from './support/statements';
import { TestLedger } from './support/test-ledger';

const ALICE = 'alice';

function base(): TestLedger {
  const l = new TestLedger();
  l.must(s.genesis());
  l.must(s.register('admin', ALICE));
  l.must(s.grantEntitlement('admin', ALICE, 'e-alice', { resource: 'erp://po/**', actions: ['create', 'read', 'approve'], conditions: { maxAmount: 50_000 } }));
  return l;
}

/** parent[i] is -1 for a root grant or the index of an earlier delegation. */
const tree = fc
  .integer({ min: 1, max: 14 })
  .chain((n) =>
    fc.record({
      parents: fc.tuple(...Array.from({ length: n }, (_, i) => fc.integer({ min: -1, max: i - 1 }))),
      credentials: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      revoke: fc.integer({ min: 0, max: n - 1 }),
    }),
  );

function build(parents: readonly number[], credentials: readonly boolean[]): TestLedger {
  const l = base();
  const depth: number[] = [];
  parents.forEach((p, i) => {
    l.must(s.provision(ALICE, `ag-${i}`, ALICE));
    depth[i] = p < 0 ? 16 : depth[p]! - 1;
    const over = { capabilities: [s.PO], depth: depth[i], ...s.window() };
    l.must(p < 0 ? s.grantRoot(ALICE, `d-${i}`, `ag-${i}`, 'e-alice', over) : s.grantFrom(`ag-${p}`, `d-${i}`, `ag-${i}`, `d-${p}`, over));
    if (credentials[i]) l.must(s.requestCredential(`ag-${i}`, `c-${i}`, `d-${i}`));
  });
  return l;
}

function descendants(parents: readonly number[], k: number): number[] {
  const below = (i: number): boolean => parents[i]! >= 0 && (parents[i] === k || below(parents[i]!));
  return parents.map((_, i) => i).filter(below);
}

test('a revocation cascades to exactly the descendants and the live credentials below', () => {
  fc.assert(
    fc.property(tree, ({ parents, credentials, revoke }) => {
      const l = build(parents, credentials);
      const trigger = l.must(s.revokeDelegation(ALICE, `d-${revoke}`));
      const below = descendants(parents, revoke);
      const expectedDelegations = below.map((i) => `d:d-${i}`);
      const expectedCredentials = [revoke, ...below].filter((i) => credentials[i]).map((i) => `c:c-${i}`);
      const got = targets(cascade(l.view, trigger, l.now));
      expect(new Set(got)).toEqual(new Set([...expectedDelegations, ...expectedCredentials]));
      expect(got.length).toBe(expectedDelegations.length + expectedCredentials.length);
      runCascade(l, trigger);
      parents.forEach((_, i) => {
        const gone = i === revoke || below.includes(i);
        expect(l.view.delegation(`d-${i}`)?.status).toBe(gone ? 'revoked' : 'active');
        if (credentials[i]) expect(l.view.credential(`c-${i}`)?.status).toBe(gone ? 'revoked' : 'active');
      });
    }),
    { numRuns: 60 },
  );
});

/** One narrowing step: a deeper resource, a non-empty subset of actions, a lower bound. */
const narrowing = fc.record({ segment: fc.option(fc.constantFrom('a', 'b', 'c')), keep: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), cut: fc.double({ min: 0, max: 1, noNaN: true }) });
type Step = { segment: string | null; keep: boolean[]; cut: number };

function narrow(cap: Capability, step: Step): Capability {
  const resource = step.segment === null ? cap.resource : cap.resource.replace(/\*\*$/, `${step.segment}/**`);
  const kept = cap.actions.filter((_, i) => step.keep[i]);
  const maxAmount = Math.floor((cap.conditions?.maxAmount ?? 0) * step.cut);
  return { resource, actions: kept.length > 0 ? kept : [cap.actions[0]!], conditions: { maxAmount } };
}

const widenings: ((c: Capability) => Capability)[] = [
  (c) => ({ ...c, actions: [...c.actions, 'delete'] }),
  (c) => ({ ...c, conditions: { maxAmount: (c.conditions?.maxAmount ?? 0) + 1 } }),
  (c) => ({ ...c, resource: 'erp://**' }),
  (c) => ({ resource: c.resource, actions: c.actions }),
];

test('every chain of narrowing grants is accepted and attenuated; a widening step is refused', () => {
  fc.assert(
    fc.property(fc.array(narrowing, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 3 }), (steps, widen) => {
      const l = base();
      let cap: Capability = l.view.entitlement('e-alice')!.capability;
      let parent: string | undefined;
      steps.forEach((step, i) => {
        const child = narrow(cap, step);
        l.must(s.provision(ALICE, `ag-${i}`, ALICE));
        const over = { capabilities: [child], depth: 16 - i, ...s.window() };
        l.must(parent === undefined ? s.grantRoot(ALICE, `d-${i}`, `ag-${i}`, 'e-alice', over) : s.grantFrom(`ag-${i - 1}`, `d-${i}`, `ag-${i}`, parent, over));
        expect(coveredBy([cap], child)).toBe(true);
        cap = child;
        parent = `d-${i}`;
      });
      const last = steps.length - 1;
      const wider = widenings[widen]!(cap);
      l.must(s.provision(ALICE, 'ag-w', ALICE));
      const refused = l.refusal(s.grantFrom(`ag-${last}`, 'd-w', 'ag-w', parent!, { capabilities: [wider], depth: 0, ...s.window() }));
      expect(refused).toEqual([{ code: 'delegation.not_attenuated', path: 'body.capabilities[0]' }]);
    }),
    { numRuns: 80 },
  );
});
