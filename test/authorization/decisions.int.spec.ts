// Runtime authorization over the real runtime and a real SQLite file: the answers of
// authorize (decision, reason, chain by event hash and leaf index, receipt), approvals,
// rates, the kill switch, the revocation race and failing closed.
import type { EventStore } from '../../src/storage/event-store.port';
import type { DecisionOutcome } from '../../src/application/decisions/decision-answer';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { RuntimeWorld } from './support/runtime-world';

installNodeSha256();

describe('authorize answers with the decision recorded at the head', () => {
  let w: RuntimeWorld;
  beforeAll(async () => {
    w = await RuntimeWorld.create();
    await w.procurement();
  });
  afterAll(() => w.close());

  it('allows a small order, naming each hop by its latest event', async () => {
    const answer = await w.decide(w.order(5_000));
    expect(answer).toMatchObject({ decision: 'allowed', failedClosed: false, receipt: { type: 'action.authorized', stream: `actions-${w.agent.id}` } });
    expect(answer.chain.map((h) => `${h.kind}:${h.id}`)).toEqual(['credential:c-orders', `agent:${w.agent.id}`, 'delegation:d-proc', `principal:${w.hana.id}`, 'entitlement:e-po']);
    const d = w.runtime.view.delegation('d-proc')!;
    expect(answer.chain[2]).toMatchObject({ eventHash: d.ref.hash, leafIndex: d.ref.position, capability: 0 });
    for (const hop of answer.chain) expect(hop.leafIndex).toBeLessThan(answer.receipt!.leafIndex);
  });

  it('denies an order above maxAmount with its reason, and records the denial', async () => {
    const answer = await w.decide(w.order(60_000));
    expect(answer).toMatchObject({ decision: 'denied', reason: 'condition.max_amount', receipt: { type: 'action.denied' } });
  });

  it('asks for approval above approvalAbove; the approval is used once, for exactly that action', async () => {
    const asked = await w.decide(w.order(20_000, { requestId: 'po-big', resource: 'erp://po/orders/big' }));
    expect(asked).toMatchObject({ decision: 'approval_required', reason: 'condition.approval_required', approvalId: 'po-big', threshold: 10_000, approvers: [w.hana.id], receipt: { type: 'approval.requested' } });
    const early = await w.decide(w.order(20_000, { resource: 'erp://po/orders/big', approvalId: 'po-big' }));
    expect(early).toMatchObject({ decision: 'denied', reason: 'approval.not_granted' });
    await w.must(w.hana, 'approval.granted', { agentId: w.agent.id, approvalId: 'po-big' });
    const other = await w.decide(w.order(20_000, { resource: 'erp://po/orders/other', approvalId: 'po-big' }));
    expect(other).toMatchObject({ decision: 'denied', reason: 'approval.mismatch' });
    const used = await w.decide(w.order(20_000, { resource: 'erp://po/orders/big', approvalId: 'po-big' }));
    expect(used).toMatchObject({ decision: 'allowed', approvalId: 'po-big', receipt: { type: 'action.authorized' } });
    const again = await w.decide(w.order(20_000, { resource: 'erp://po/orders/big', approvalId: 'po-big' }));
    expect(again).toMatchObject({ decision: 'denied', reason: 'approval.used' });
  });

  it('a refused request is no decision: it is a problem, and nothing is recorded', async () => {
    const size = w.runtime.size();
    const bad = w.f.signed(w.agent, 'action.request', { requestId: 'x', credentialId: 'c-orders', action: 'create', resource: 'erp://po/orders/*', taskId: 'restock' });
    const r = await w.runtime.authorize({ ...bad, signature: w.f.signed(w.hana, 'action.request', {}).signature });
    expect(r.ok ? 'answered' : r.problems[0].code).toBe('statement.bad_signature');
    expect(w.runtime.size()).toBe(size);
  });
});

test('rates come from the recorded decisions: the 21st order in the hour is denied', async () => {
  const w = await RuntimeWorld.create();
  await w.procurement();
  const answers = [];
  for (let i = 0; i < 21; i++) answers.push(await w.decide(w.order(100)));
  expect(answers.slice(0, 20).every((a) => a.decision === 'allowed')).toBe(true);
  expect(answers[20]).toMatchObject({ decision: 'denied', reason: 'condition.rate_exceeded', hop: { kind: 'delegation', id: 'd-proc' }, receipt: { type: 'action.denied' } });
  expect((await w.decide(w.lookup())).decision).toBe('allowed');
  await w.close();
});

test('the kill switch: the owner suspends the agent, and the agent and its subagent are denied at once', async () => {
  const w = await RuntimeWorld.create();
  await w.procurement();
  expect((await w.decide(w.lookup())).decision).toBe('allowed');
  const suspended = await w.must(w.hana, 'agent.suspended', { agentId: w.agent.id, reason: 'kill switch' });
  const [order, lookup] = await Promise.all([w.decide(w.order(100)), w.decide(w.lookup())]);
  expect(order).toMatchObject({ decision: 'denied', reason: 'agent.suspended', hop: { kind: 'agent', id: w.agent.id } });
  expect(lookup).toMatchObject({ decision: 'denied', reason: 'agent.suspended', hop: { kind: 'agent', id: w.agent.id } });
  expect(order.receipt!.leafIndex).toBeGreaterThan(suspended.leafIndex);
  await w.runtime.idle();
  await w.close();
});

test('a revocation and a burst of decisions in the same instant: nothing is allowed after its receipt', async () => {
  const w = await RuntimeWorld.create();
  await w.procurement();
  // A wide rate so that only the revocation can deny.
  await w.must(w.hana, 'delegation.granted', { delegationId: 'd-wide', delegateeId: w.agent.id, entitlementId: 'e-po', capabilities: [{ resource: 'erp://po/orders/**', actions: ['create'], conditions: { maxAmount: 1000 } }], notBefore: new Date(Date.now() - 60_000).toISOString(), notAfter: new Date(Date.now() + 86_400_000).toISOString(), depth: 0, purpose: 'burst' });
  await w.must(w.agent, 'credential.request', { credentialId: 'c-wide', delegationId: 'd-wide', task: { id: 'restock' } });
  const burst = (n: number) => Array.from({ length: n }, () => w.decide(w.order(1, { credentialId: 'c-wide' })));
  const before = burst(150);
  const revocation = w.runtime.submit(w.f.signed(w.hana, 'delegation.revoked', { delegationId: 'd-wide', reason: 'stop' }));
  const after = burst(150);
  const [answers, revoked] = await Promise.all([Promise.all([...before, ...after]), revocation]);
  if (!revoked.ok) throw new Error('revocation refused');
  const cut = revoked.receipt.leafIndex;
  const allowed = answers.filter((a) => a.decision === 'allowed');
  const denied = answers.filter((a) => a.decision === 'denied');
  expect(allowed.length + denied.length).toBe(300);
  expect(allowed.length).toBeGreaterThan(0);
  expect(denied.length).toBeGreaterThan(0);
  expect(allowed.every((a) => a.receipt!.leafIndex < cut)).toBe(true);
  expect(denied.every((a) => a.receipt!.leafIndex > cut && a.reason === 'delegation.revoked')).toBe(true);
  const later = await Promise.all(burst(20));
  expect(later.every((a) => a.decision === 'denied' && a.receipt!.leafIndex > cut)).toBe(true);
  await w.close();
});

test('fail closed: a decision the store cannot record is a denial, counted by the metrics', async () => {
  let broken = false;
  const decided: DecisionOutcome[] = [];
  let failedClosed = 0;
  const wrapStore = (store: EventStore): EventStore =>
    new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'appendBatch') return (...args: unknown[]) => (broken ? Promise.reject(new Error('disk gone')) : (target.appendBatch as (...a: unknown[]) => unknown).apply(target, args));
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const storeErrors: string[] = [];
  const answered: string[] = [];
  const w = await RuntimeWorld.create({
    wrapStore,
    observer: { decided: (o) => decided.push(o), decisionFailedClosed: () => failedClosed++, storeError: (code) => storeErrors.push(code), decisionAnswered: (o) => answered.push(o) },
  });
  await w.procurement();
  expect((await w.decide(w.order(100))).decision).toBe('allowed');
  broken = true;
  const answer = await w.decide(w.order(100));
  expect(answer).toEqual({ decision: 'denied', reason: 'decision.not_recorded', chain: [], replayed: false, failedClosed: true });
  broken = false;
  expect(failedClosed).toBe(1);
  expect(decided).toEqual(['allowed']);
  expect((await w.decide(w.order(100))).decision).toBe('allowed');
  expect(decided).toEqual(['allowed', 'allowed']);
  // The store's failure is counted once, and the failed-closed answer has its own latency label.
  expect(storeErrors).toEqual(['store.unavailable']);
  expect(answered).toEqual(['allowed', 'failed_closed', 'allowed']);
  await w.close();
});
