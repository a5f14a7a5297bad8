// Evidence bundles (docs/evidence-bundle.md) built by the real runtime over a real store
// for the procurement cast, checked by the SDK's verifyBundle with the verifier key
// alone: an allowed decision, the same bundle after the chain is revoked, a bundle taken
// after a mid-chain revocation, a denied decision, an approval, and a rate denial.
import { verifyBundle, type VerifiedBundle } from '../../src/sdk';
import type { EvidenceBundle } from '../../src/sdk/verify/bundle-format';
import { RuntimeWorld } from '../authorization/support/runtime-world';

let w: RuntimeWorld;

beforeEach(async () => {
  w = await RuntimeWorld.create();
  await w.procurement();
});
afterEach(async () => w.close());

async function bundleOf(target: Parameters<RuntimeWorld['runtime']['evidence']>[0], asOf?: number): Promise<EvidenceBundle> {
  await w.runtime.idle();
  const built = await w.runtime.evidence(target, asOf);
  if (!built.ok) throw new Error(JSON.stringify(built.problems));
  // What an auditor holds: the file's text.
  return JSON.parse(JSON.stringify(built.value)) as EvidenceBundle;
}

function verified(bundle: unknown): VerifiedBundle {
  const r = verifyBundle(bundle, w.runtime.verifierKey);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

test('an allowed decision: verified offline, re-derived exactly, its chain valid at the checkpoint', async () => {
  const answer = await w.decide(w.lookup());
  expect(answer.decision).toBe('allowed');
  const bundle = await bundleOf({ decision: answer.receipt!.leafIndex });
  const v = verified(bundle);
  expect(v.decision).toMatchObject({ decision: 'allowed', rederived: 'exact', request: { agentId: w.sub.id, credentialId: 'c-vendor' } });
  expect(v.decision!.chain.map((h) => `${h.kind}:${h.id}`)).toEqual(['credential:c-vendor', `agent:${w.sub.id}`, 'delegation:d-vendor', `agent:${w.agent.id}`, 'delegation:d-proc', `principal:${w.hana.id}`, 'entitlement:e-po']);
  expect(v.atCheckpoint).toMatchObject({ valid: true });
  expect(v.states.map((s) => `${s.kind}:${s.id}`)).toEqual(expect.arrayContaining(['delegation:d-proc', 'delegation:d-vendor', 'credential:c-vendor', 'entitlement:e-po']));
  // By request id too.
  expect((await bundleOf({ decision: 'look-1' })).subject).toEqual(bundle.subject);
});

test('the bundle still verifies after the chain is revoked; one taken later shows the hop revoked', async () => {
  const answer = await w.decide(w.lookup());
  const before = await bundleOf({ decision: answer.receipt!.leafIndex });
  await w.must(w.hana, 'delegation.revoked', { delegationId: 'd-proc', reason: 'stop' });
  expect(verified(before).atCheckpoint.valid).toBe(true);
  const after = verified(await bundleOf({ decision: answer.receipt!.leafIndex }));
  expect(after.decision).toMatchObject({ decision: 'allowed', rederived: 'exact' });
  expect(after.atCheckpoint).toMatchObject({ valid: false, reason: 'delegation.revoked', hop: { kind: 'delegation', id: 'd-proc' } });
  expect(after.states.find((s) => s.id === 'd-proc')).toMatchObject({ status: 'revoked' });
});

test('asOf: the first recorded checkpoint at or after the decision, before a later revocation', async () => {
  const answer = await w.decide(w.lookup());
  await w.runtime.idle();
  const recorded = await w.runtime.recordCheckpoint('cp-after-decision');
  expect(recorded?.ok).toBe(true);
  await w.must(w.hana, 'delegation.revoked', { delegationId: 'd-proc', reason: 'stop' });
  const bundle = await bundleOf({ decision: answer.receipt!.leafIndex }, answer.receipt!.leafIndex);
  const v = verified(bundle);
  expect(v.checkpoint.treeSize).toBeLessThan(w.runtime.size());
  expect(v.atCheckpoint.valid).toBe(true);
});

test('a denied decision shows why, re-derived', async () => {
  await w.must(w.hana, 'agent.suspended', { agentId: w.agent.id, reason: 'kill switch' });
  const answer = await w.decide(w.lookup());
  const v = verified(await bundleOf({ decision: answer.receipt!.leafIndex }));
  expect(v.decision).toMatchObject({ decision: 'denied', reason: 'agent.suspended', hop: { kind: 'agent', id: w.agent.id }, rederived: 'exact' });
  expect(v.atCheckpoint).toMatchObject({ valid: false, reason: 'agent.suspended' });
});

test('a decision that used an approval carries the approval events; a rate denial re-derives up to the rate', async () => {
  const asked = await w.decide(w.order(20_000, { requestId: 'po-big', resource: 'erp://po/orders/big' }));
  expect(asked.decision).toBe('approval_required');
  await w.must(w.hana, 'approval.granted', { agentId: w.agent.id, approvalId: 'po-big' });
  const approved = await w.decide(w.order(20_000, { approvalId: 'po-big', resource: 'erp://po/orders/big' }));
  expect(approved.decision).toBe('allowed');
  expect(verified(await bundleOf({ decision: approved.receipt!.leafIndex })).decision).toMatchObject({ decision: 'allowed', rederived: 'exact' });
  let last = approved;
  for (let i = 0; i < 20 && last.decision !== 'denied'; i++) last = await w.decide(w.order(100));
  expect(last).toMatchObject({ decision: 'denied', reason: 'condition.rate_exceeded' });
  expect(verified(await bundleOf({ decision: last.receipt!.leafIndex })).decision).toMatchObject({ decision: 'denied', rederived: 'except_rate' });
});

test('credential, delegation and agent subjects', async () => {
  expect(verified(await bundleOf({ credential: 'c-vendor' })).atCheckpoint.valid).toBe(true);
  expect(verified(await bundleOf({ delegation: 'd-vendor' })).atCheckpoint.valid).toBe(true);
  await w.must(w.hana, 'agent.suspended', { agentId: w.sub.id, reason: 'check' });
  expect(verified(await bundleOf({ agent: w.sub.id })).atCheckpoint).toMatchObject({ valid: false, reason: 'agent.suspended' });
});
