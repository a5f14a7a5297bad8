// The procurement story, end to end through the domain: a human with an erp://po/**
// entitlement up to 50,000 delegates to a procurement agent (maxAmount 50,000,
// approvalAbove 10,000, rate 20 per hour), which delegates read-only vendor lookups to
// a subagent. Then: small orders pass, larger ones need the owner's approval (usable
// once), too large ones and the 21st in an hour are denied, and after the owner
// suspends the agent, every request by it and by its subagent is denied.
import type { ChainHop } from '../../src/domain';
import { runCascade, targets } from './support/cascades';
import * as s from './support/statements';
import { TestLedger } from './support/test-ledger';
import { cascade } from '../../src/domain';

const HANA = 'hana';
const AGENT = 'procurement-agent';
const SUB = 'vendor-agent';
const orders = { resource: 'erp://po/orders/**', actions: ['create'], conditions: { maxAmount: 50_000, approvalAbove: 10_000, rate: { max: 20, perSeconds: 3600 } } };
const vendors = { resource: 'erp://po/vendors/**', actions: ['read'], conditions: { maxAmount: 50_000 } };
const lookups = { resource: 'erp://po/vendors/**', actions: ['read'], conditions: { maxAmount: 0 } };

function story(): TestLedger {
  const l = new TestLedger();
  l.must(s.genesis());
  l.must(s.register('admin', 'idp', 'broker'));
  l.must(s.grantRole('admin', 'idp', 'broker'));
  l.must(s.register('idp', HANA));
  l.must(s.grantEntitlement('admin', HANA, 'e-po', { resource: 'erp://po/**', actions: ['create', 'read'], conditions: { maxAmount: 50_000 } }));
  l.must(s.provision('idp', AGENT, HANA));
  l.must(s.provision(AGENT, SUB, HANA, { parentAgentId: AGENT }));
  l.must(s.grantRoot(HANA, 'd-proc', AGENT, 'e-po', { capabilities: [orders, vendors], depth: 1 }));
  l.must(s.grantFrom(AGENT, 'd-vendor', SUB, 'd-proc', { capabilities: [lookups], depth: 0 }));
  l.must(s.requestCredential(AGENT, 'c-orders', 'd-proc', { task: { id: 'restock' }, ttlSeconds: 3600 }));
  l.must(s.requestCredential(SUB, 'c-vendor', 'd-vendor', { task: { id: 'restock' }, ttlSeconds: 3600 }));
  return l;
}

let n = 0;
const order = (amount: number, over = {}) =>
  s.act(AGENT, 'c-orders', { requestId: `po-${++n}`, resource: `erp://po/orders/${n}`, amount, taskId: 'restock', ...over });
const lookup = () => s.act(SUB, 'c-vendor', { action: 'read', resource: 'erp://po/vendors/acme', amount: undefined, taskId: 'restock' });
const outcome = (l: TestLedger, c: ReturnType<typeof order>) => {
  const e = l.must(c);
  const r = e.result as { decision: string; reason?: string; hop?: { id: string }; chain: ChainHop[] };
  return { type: e.type, decision: r.decision, reason: r.reason, hop: r.hop?.id, chain: r.chain };
};

test('the procurement story', () => {
  const l = story();

  // A 5,000 order is allowed, and its lineage runs back to Hana and her entitlement.
  const small = outcome(l, order(5_000));
  expect(small).toMatchObject({ type: 'action.authorized', decision: 'allowed' });
  expect(small.chain.map((h) => `${h.kind}:${h.id}`)).toEqual(['credential:c-orders', `agent:${AGENT}`, 'delegation:d-proc', `principal:${HANA}`, 'entitlement:e-po']);

  // A 20,000 order needs approval; Hana (the owner and the root human) approves; it is allowed once.
  l.advance(60_000);
  const asked = l.must(order(20_000, { requestId: 'po-big' }));
  expect(asked).toMatchObject({ type: 'approval.requested', result: { approvalId: 'po-big', approvers: [HANA], threshold: 10_000 } });
  l.must(s.approve(HANA, AGENT, 'po-big'));
  const again = { resource: (asked.statement.body as { resource: string }).resource };
  expect(outcome(l, order(20_000, { ...again, approvalId: 'po-big' }))).toMatchObject({ type: 'action.authorized' });
  expect(outcome(l, order(20_000, { ...again, approvalId: 'po-big' }))).toMatchObject({ type: 'action.denied', reason: 'approval.used' });

  // 60,000 is beyond every bound on the chain.
  expect(outcome(l, order(60_000))).toMatchObject({ type: 'action.denied', reason: 'condition.max_amount' });

  // The subagent looks vendors up, and can do nothing else.
  expect(outcome(l, lookup())).toMatchObject({ type: 'action.authorized' });
  expect(outcome(l, s.act(SUB, 'c-vendor', { resource: 'erp://po/orders/x', taskId: 'restock' }))).toMatchObject({ reason: 'capability.not_covered' });

  // Two orders are allowed so far; 18 more fit in the hour, the 21st does not.
  for (let i = 0; i < 18; i++) {
    l.advance(60_000);
    expect(outcome(l, order(5_000)).type).toBe('action.authorized');
  }
  l.advance(60_000);
  expect(outcome(l, order(5_000))).toMatchObject({ type: 'action.denied', reason: 'condition.rate_exceeded', hop: 'd-proc' });
  expect(outcome(l, lookup()).type).toBe('action.authorized'); // lookups are under another capability, not rated

  // Hana suspends the agent: at once, before any cascade is recorded, both are denied.
  const suspension = l.must(s.suspend(HANA, AGENT));
  expect(outcome(l, order(1_000))).toMatchObject({ reason: 'agent.suspended', hop: AGENT });
  expect(outcome(l, lookup())).toMatchObject({ reason: 'agent.suspended', hop: AGENT });

  // The saga records the cascade; the answers stay the same (the root cause is named).
  expect(targets(cascade(l.view, suspension, l.now))).toEqual(['d:d-vendor', 'c:c-orders', 'c:c-vendor']);
  runCascade(l, suspension);
  expect(outcome(l, order(1_000))).toMatchObject({ reason: 'agent.suspended', hop: AGENT });
  expect(outcome(l, lookup())).toMatchObject({ reason: 'agent.suspended', hop: AGENT });
});

test('the rate window slides: an hour after the first order, one more fits', () => {
  const l = story();
  for (let i = 0; i < 20; i++) {
    expect(outcome(l, order(5_000)).type).toBe('action.authorized');
    l.advance(60_000);
  }
  expect(outcome(l, order(5_000)).reason).toBe('condition.rate_exceeded');
  l.advance(60 * 60_000 - 20 * 60_000 - 1);
  l.must(s.requestCredential(AGENT, 'c-next', 'd-proc', { task: { id: 'restock' } }));
  expect(outcome(l, order(5_000, { credentialId: 'c-next' })).reason).toBe('condition.rate_exceeded');
  l.advance(1); // the first order now falls out of the hour ending at this decision
  expect(outcome(l, order(5_000, { credentialId: 'c-next' })).type).toBe('action.authorized');
});
