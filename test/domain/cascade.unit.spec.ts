// Cascades (invariants 5 and 6): what each trigger revokes, named by its cause, and the
// checks the rules apply to the ledger's cascade statements.
import { cascade, cascadeNonce, cascadeStatementFor, causeOf, type RecordedEvent } from '../../src/domain';
import { runCascade, targets } from './support/cascades';
import * as s from './support/statements';
import { HOUR, keyOf, type TestLedger } from './support/test-ledger';
import { ALICE, BOB, world } from './support/world';

/** world + c-b (agent-b under d2) + agent-x (subagent of agent-b) holding d3 from agent-b. */
function cascadeWorld(): TestLedger {
  const l = world();
  l.must(s.requestCredential('agent-b', 'c-b', 'd2'));
  l.must(s.provision('agent-b', 'agent-x', ALICE, { parentAgentId: 'agent-b' }));
  l.must(s.grantRoot(ALICE, 'd5', 'agent-b', 'e-alice', { depth: 2 }));
  l.must(s.grantFrom('agent-b', 'd3', 'agent-x', 'd5', { depth: 0 }));
  l.must(s.requestCredential('agent-x', 'c-x', 'd3'));
  return l;
}

const causeFor = (e: RecordedEvent, id: string) => ({ type: e.type, id, hash: e.hash, position: e.position });

test('revoking a delegation revokes its descendants and every live credential below, naming the cause', () => {
  const l = cascadeWorld();
  const trigger = l.must(s.revokeDelegation(ALICE, 'd1'));
  const statements = cascade(l.view, trigger, l.now);
  expect(targets(statements)).toEqual(['d:d2', 'c:c-a', 'c:c-b']);
  expect(statements.every((st) => JSON.stringify(st.body.cause) === JSON.stringify(causeFor(trigger, 'd1')))).toBe(true);
  const recorded = runCascade(l, trigger);
  expect(recorded.map((e) => e.type)).toEqual(['delegation.revoked', 'credential.revoked', 'credential.revoked']);
  expect(l.view.delegation('d2')?.status).toBe('revoked');
  expect(cascade(l.view, trigger, l.now)).toEqual([]); // nothing left: a restarted saga does nothing more
});

test('suspending an agent revokes what it and its subagents delegated, what was delegated to its subagents, and their credentials', () => {
  const l = cascadeWorld();
  const trigger = l.must(s.suspend(ALICE, 'agent-a'));
  expect(targets(cascade(l.view, trigger, l.now))).toEqual(['d:d2', 'd:d3', 'd:d5', 'c:c-a', 'c:c-b', 'c:c-x']);
  runCascade(l, trigger);
  expect(l.view.delegation('d1')?.status).toBe('active'); // delegations to the agent itself stay: resuming restores it
});

test('deprovisioning also revokes the delegations to the agent itself', () => {
  const l = cascadeWorld();
  const trigger = l.must(s.deprovision(ALICE, 'agent-b'));
  expect(targets(cascade(l.view, trigger, l.now))).toEqual(['d:d3', 'd:d2', 'd:d5', 'c:c-b', 'c:c-x']);
  runCascade(l, trigger);
});

test('a key rotation revokes the credentials bound to the old key, not those bound to the new one', () => {
  const l = cascadeWorld();
  const trigger = l.must(s.rotateAgentKey('agent-a', 'agent-a', keyOf('a2')));
  l.must(s.requestCredential('agent-a', 'c-new', 'd1'));
  expect(targets(cascade(l.view, trigger, l.now))).toEqual(['c:c-a']);
  runCascade(l, trigger);
  expect(l.view.credential('c-new')?.status).toBe('active');
});

test('revoking an entitlement revokes the root delegations granted from it and all below', () => {
  const l = cascadeWorld();
  const trigger = l.must(s.revokeEntitlement('admin', ALICE, 'e-alice'));
  expect(targets(cascade(l.view, trigger, l.now))).toEqual(['d:d1', 'd:d5', 'd:d2', 'd:d3', 'c:c-a', 'c:c-b', 'c:c-x']);
  runCascade(l, trigger);
});

test('expired and already revoked credentials are left alone', () => {
  const l = cascadeWorld();
  l.must(s.revokeCredential('agent-b', 'c-b'));
  l.advance(HOUR);
  const trigger = l.must(s.revokeDelegation(ALICE, 'd1'));
  expect(targets(cascade(l.view, trigger, l.now))).toEqual(['d:d2']);
});

test('cascade statements and other events trigger no cascade', () => {
  const l = cascadeWorld();
  const [cascaded] = runCascade(l, l.must(s.revokeDelegation(ALICE, 'd1')));
  expect(causeOf(cascaded!)).toBeUndefined();
  expect(cascade(l.view, l.must(s.register('admin', 'carol')), l.now)).toEqual([]);
  expect(cascade(l.view, l.must(s.deactivate('admin', BOB)), l.now)).toEqual([]);
});

test('a restarted saga signs the same statements again, and they are recognised as replays', () => {
  const l = cascadeWorld();
  const trigger = l.must(s.revokeDelegation(ALICE, 'd1'));
  const [first] = cascade(l.view, trigger, l.now);
  const statement = cascadeStatementFor(l.view, first!, l.recordedAt)!;
  expect(statement).toMatchObject({ actor: 'ledger', ledgerId: 'ledger-1', type: 'delegation.revoked', nonce: cascadeNonce(first!.body.cause, first!) });
  expect(cascadeNonce(first!.body.cause, first!)).toMatch(/^[0-9a-f]{64}$/);
  l.must(statement);
  expect(l.refusal(statement)).toEqual([{ code: 'statement.replayed', path: 'nonce' }]);
});

describe('the rules check every cascade statement', () => {
  test('a cause that is not the recorded event is refused', () => {
    const l = cascadeWorld();
    const trigger = l.must(s.revokeDelegation(ALICE, 'd1'));
    const cause = causeFor(trigger, 'd1');
    expect(l.refusal(s.revokeDelegation('ledger', 'd2', { cause: { ...cause, hash: 'ff'.repeat(32) } }))).toEqual([{ code: 'cascade.cause_mismatch', path: 'body.cause' }]);
    expect(l.refusal(s.revokeDelegation('ledger', 'd2', { cause: { ...cause, position: 0 } }))).toEqual([{ code: 'cascade.cause_mismatch', path: 'body.cause' }]);
    expect(l.refusal(s.revokeDelegation('ledger', 'd5', { cause: { ...cause, type: 'agent.suspended', id: 'agent-a' } }))).toEqual([
      { code: 'cascade.cause_mismatch', path: 'body.cause' },
    ]);
  });

  test('a target outside the cause reach is refused', () => {
    const l = cascadeWorld();
    const trigger = l.must(s.revokeDelegation(ALICE, 'd2'));
    expect(l.refusal(s.revokeDelegation('ledger', 'd1', { cause: causeFor(trigger, 'd2') }))).toEqual([{ code: 'cascade.out_of_scope', path: 'body.delegationId' }]);
    expect(l.refusal(s.revokeCredential('ledger', 'c-a', { cause: causeFor(trigger, 'd2') }))).toEqual([{ code: 'cascade.out_of_scope', path: 'body.credentialId' }]);
    const rotated = l.must(s.rotateAgentKey('agent-x', 'agent-x', keyOf('x2')));
    expect(l.refusal(s.revokeDelegation('ledger', 'd3', { cause: causeFor(rotated, 'agent-x') }))).toEqual([{ code: 'cascade.out_of_scope', path: 'body.delegationId' }]);
    const ent = l.must(s.grantEntitlement('admin', ALICE, 'e-2'));
    l.must(s.revokeEntitlement('admin', ALICE, 'e-2'));
    expect(l.refusal(s.revokeCredential('ledger', 'c-a', { cause: { type: 'principal.entitlement_revoked', id: 'e-2', hash: ent.hash, position: ent.position } }))).toEqual([
      { code: 'cascade.cause_mismatch', path: 'body.cause' },
    ]);
  });
});
