// A verifier may keep folding past a bad event (`writ verify --all`), so the fold and
// the decision function must degrade on a damaged state, never throw: a missing hop is
// a denial naming it, an event about a missing aggregate changes nothing else.
import { emptyLedgerState, evaluateDecision, evolve, type RecordedEvent } from '../../src/domain';
import { globalPosition } from '../../src/integrity/brands';
import * as s from './support/statements';
import { keyOf, type TestLedger } from './support/test-ledger';
import { world } from './support/world';

const request = (agentId: string, credentialId: string) => ({
  agentId,
  credentialId,
  action: 'read',
  resource: 'erp://po/vendors/v1',
  taskId: 'task-1',
  presentedKey: keyOf(agentId),
});

function damaged(remove: (l: TestLedger) => void, agentId = 'agent-b', credentialId = 'c-b') {
  const l = world();
  l.must(s.requestCredential('agent-b', 'c-b', 'd2'));
  remove(l);
  return evaluateDecision(l.view, request(agentId, credentialId), l.now);
}

test.each([
  ['a missing entitlement', (l: TestLedger) => l.state.entitlements.delete('e-alice'), 'entitlement.not_found'],
  ['a missing root human', (l: TestLedger) => l.state.principals.delete('alice'), 'principal.not_found'],
  ['a missing parent delegation', (l: TestLedger) => l.state.delegations.delete('d1'), 'delegation.not_found'],
  ['a missing delegatee', (l: TestLedger) => l.state.agents.delete('agent-a'), 'agent.not_found'],
])('%s is a denial naming it', (_what, remove, reason) => {
  expect(damaged(remove)).toMatchObject({ decision: 'denied', reason });
});

test("a missing credential's delegation is a denial, with the hops it could see", () => {
  const d = damaged((l) => l.state.delegations.delete('d2'));
  expect(d).toMatchObject({ decision: 'denied', reason: 'delegation.not_found', hop: { kind: 'delegation', id: 'd2' } });
  expect(d.chain.map((h) => h.kind)).toEqual(['credential', 'agent']);
});

test('events about missing aggregates fold without effect, and unknown types are skipped', () => {
  const state = emptyLedgerState();
  const event = (type: string, body: unknown, position: number): RecordedEvent => ({
    type,
    stream: 'x',
    statement: { v: 1, ledgerId: 'ledger-1', type, actor: 'someone', nonce: `nonce-${position}-xx`, issuedAt: '2026-11-24T10:00:00.000Z', body },
    recordedAt: '2026-11-24T10:00:00.000Z',
    hash: '00'.repeat(32),
    position: globalPosition(position),
  });
  const events = [
    event('delegation.revoked', { delegationId: 'ghost' }, 0),
    event('agent.suspended', { agentId: 'ghost' }, 1),
    event('principal.role_granted', { principalId: 'ghost', role: 'admin' }, 2),
    event('ledger.key_rotated', { publicKey: keyOf('x') }, 3),
    event('checkpoint.recorded', { treeSize: 1 }, 4),
    event('approval.granted', { approvalId: 'ghost' }, 5),
    event('something.else', {}, 6),
  ];
  for (const e of events) evolve(state, e);
  expect(state.size).toBe(7);
  expect([state.delegations.size, state.agents.size, state.principals.size, state.approvals.size, state.ledger]).toEqual([0, 0, 0, 0, undefined]);
  expect(state.nonces.get('someone')?.size).toBe(7);
});
