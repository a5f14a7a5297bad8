// Approvals: asked above approvalAbove, answered by the agent's owner or the root
// human, single use, bound to the exact action, expiring.
import { actionHash, formatInstant } from '../../src/domain';
import { deciderSpecification } from './support/decider-specification';
import * as s from './support/statements';
import { T0, type TestLedger } from './support/test-ledger';
import { ALICE, BOB, world } from './support/world';

const guarded = { resource: 'erp://po/**', actions: ['create', 'read'], conditions: { maxAmount: 50_000, approvalAbove: 10_000 } };

/** agent-c (bob's) holds d9 from alice with an approval threshold, and credential c-c. */
function approvalWorld(): TestLedger {
  const l = world();
  l.must(s.grantRoot(ALICE, 'd9', 'agent-c', 'e-alice', { capabilities: [guarded] }));
  l.must(s.requestCredential('agent-c', 'c-c', 'd9'));
  return l;
}

const spec = deciderSpecification(approvalWorld);
const big = (over = {}) => s.act('agent-c', 'c-c', { requestId: 'r-1', amount: 20_000, ...over });
const asked = big();
const approved = s.approve(BOB, 'agent-c', 'r-1');
const denied = (reason: string) => ({ type: 'action.denied' as const, result: { decision: 'denied', reason } });

test('above approvalAbove the request is recorded as approval.requested, bound to the action', () => {
  const e = spec.given().when(big()).then({ type: 'approval.requested', stream: 'actions-agent-c' });
  expect(e.result).toMatchObject({
    decision: 'approval_required',
    reason: 'condition.approval_required',
    threshold: 10_000,
    approvalId: 'r-1',
    actionHash: actionHash({ agentId: 'agent-c', action: 'create', resource: 'erp://po/orders/1', amount: 20_000, taskId: 'task-1' }),
    approvers: [ALICE, BOB],
    expiresAt: formatInstant(T0 + 15 * 60_000),
  });
});

test('the owner or the root human approves; anyone else is refused', () => {
  spec.given(asked).when(approved).then({ type: 'approval.granted', stream: 'actions-agent-c' });
  spec.given(asked).when(s.approve(ALICE, 'agent-c', 'r-1')).then({ type: 'approval.granted' });
  spec.given(asked).when(s.approve('admin', 'agent-c', 'r-1')).thenRefused('actor.not_authorized');
  spec.given(asked).when(s.refuse(BOB, 'agent-c', 'r-1')).then({ type: 'approval.refused' });
});

test('the approved action is allowed once; a second use is denied', () => {
  const t = spec.given(asked, approved);
  t.when(big({ requestId: 'r-2', approvalId: 'r-1' })).then({ type: 'action.authorized', result: { decision: 'allowed', approvalId: 'r-1' } });
  expect(t.ledger.view.approval('r-1')?.status).toBe('used');
  t.when(big({ requestId: 'r-3', approvalId: 'r-1' })).then(denied('approval.used'));
});

test('an approval is for exactly that action', () => {
  spec.given(asked, approved).when(big({ requestId: 'r-2', approvalId: 'r-1', amount: 20_001 })).then(denied('approval.mismatch'));
  spec.given(asked, approved).when(big({ requestId: 'r-2', approvalId: 'r-1', resource: 'erp://po/orders/2' })).then(denied('approval.mismatch'));
});

test('a pending or refused approval does not allow anything', () => {
  spec.given(asked).when(big({ requestId: 'r-2', approvalId: 'r-1' })).then(denied('approval.not_granted'));
  spec.given(asked, s.refuse(BOB, 'agent-c', 'r-1')).when(big({ requestId: 'r-2', approvalId: 'r-1' })).then(denied('approval.not_granted'));
});

test('an approval expires, both for answering and for using', () => {
  // The approval outlives the 5-minute credential; a fresh credential uses it (it is bound to the action, not the credential).
  const fresh = (l: TestLedger, ms: number) => {
    l.advance(ms);
    l.must(s.requestCredential('agent-c', `c-${ms}`, 'd9'));
    return big({ requestId: 'r-2', approvalId: 'r-1', credentialId: `c-${ms}` });
  };
  spec.given(asked, approved).when((l) => fresh(l, 14 * 60_000)).then({ type: 'action.authorized' });
  spec.given(asked, approved).when((l) => fresh(l, 15 * 60_000)).then(denied('approval.expired'));
  spec.given(asked).when((l) => (l.advance(15 * 60_000), approved)).thenRefused('approval.expired', 'body.approvalId');
});

test('an unknown approval is denied in a request and refused in an answer', () => {
  spec.given().when(big({ approvalId: 'nope' })).then(denied('approval.not_found'));
  spec.given().when(s.approve(BOB, 'agent-c', 'nope')).thenRefused('approval.not_found', 'body.approvalId');
  spec.given(asked).when(s.approve(BOB, 'agent-a', 'r-1')).thenRefused('approval.not_found');
});

test('an approval is answered once', () => {
  spec.given(asked, approved).when(s.refuse(ALICE, 'agent-c', 'r-1')).thenRefused('approval.already_decided', 'body.approvalId');
});

test('a request id that already names an approval cannot name another', () => {
  spec.given(asked).when(big({ amount: 30_000 })).thenRefused('approval.already_exists', 'body.requestId');
});

test('a named approval is checked and used up even where the chain would not need one', () => {
  // The same action under another delegation without approvalAbove: no approval needed, yet the named one is used.
  const free = (l: TestLedger) => {
    l.must(s.grantRoot(ALICE, 'd10', 'agent-c', 'e-alice'));
    l.must(s.requestCredential('agent-c', 'c-free', 'd10'));
  };
  const t = spec.given(asked, approved, free);
  t.when(big({ requestId: 'r-2', approvalId: 'r-1', credentialId: 'c-free' })).then({ type: 'action.authorized', result: { approvalId: 'r-1' } });
  t.when(big({ requestId: 'r-3', approvalId: 'r-1', credentialId: 'c-free' })).then(denied('approval.used'));
  t.when(big({ requestId: 'r-4', credentialId: 'c-free' })).then({ type: 'action.authorized' });
});

test('the action hash covers every action field, and an absent amount', () => {
  const action = { agentId: 'agent-c', action: 'create', resource: 'erp://po/orders/1', amount: 5_000, taskId: 'task-1' };
  const hashes = new Set([
    actionHash(action),
    actionHash({ ...action, amount: 5_001 }),
    actionHash({ ...action, amount: undefined }),
    actionHash({ ...action, agentId: 'agent-d' }),
    actionHash({ ...action, action: 'read' }),
    actionHash({ ...action, resource: 'erp://po/orders/2' }),
    actionHash({ ...action, taskId: 'task-2' }),
  ]);
  expect(hashes.size).toBe(7);
  expect(actionHash(action)).toMatch(/^[0-9a-f]{64}$/);
});

test('a deactivated root human can no longer approve; the owner still can', () => {
  spec.given(asked, s.deactivate('admin', ALICE)).when(s.approve(ALICE, 'agent-c', 'r-1')).thenRefused('principal.deactivated', 'actor');
});
