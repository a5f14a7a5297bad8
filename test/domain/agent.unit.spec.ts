// agent-<id> streams: provisioning, keys, ownership, model and review, kill switch.
import { agentStatus, isOrphaned } from '../../src/domain';
import { deciderSpecification } from './support/decider-specification';
import * as s from './support/statements';
import { keyOf } from './support/test-ledger';
import { ALICE, BOB, BROKER, world } from './support/world';

const spec = deciderSpecification(world);

describe('agent.provisioned', () => {
  test('a broker provisions an agent for a human', () => {
    const t = spec.given();
    t.when(s.provision(BROKER, 'agent-x', BOB)).then({ type: 'agent.provisioned', stream: 'agent-agent-x' });
    expect(t.ledger.view.agent('agent-x')).toMatchObject({ ownerId: BOB, lifecycle: 'active', needsReview: false });
  });

  test('an admin provisions for any human; a human for themselves only', () => {
    spec.given().when(s.provision('admin', 'agent-x', BOB)).then({ type: 'agent.provisioned' });
    spec.given().when(s.provision(ALICE, 'agent-x', ALICE)).then({ type: 'agent.provisioned' });
    spec.given().when(s.provision(ALICE, 'agent-x', BOB)).thenRefused('actor.not_authorized', 'actor');
  });

  test('an agent provisions its own subagents, for its own owner', () => {
    const t = spec.given();
    t.when(s.provision('agent-a', 'agent-x', ALICE, { parentAgentId: 'agent-a' })).then({ type: 'agent.provisioned' });
    expect(t.ledger.view.subagentsOf('agent-a')).toEqual(['agent-b', 'agent-x']);
    spec.given().when(s.provision('agent-a', 'agent-x', ALICE)).thenRefused('actor.not_authorized');
    spec.given().when(s.provision('agent-a', 'agent-x', BOB, { parentAgentId: 'agent-a' })).thenRefused('agent.owner_mismatch', 'body.ownerId');
  });

  test('the parent agent must exist and be active', () => {
    spec.given().when(s.provision(BROKER, 'agent-x', ALICE, { parentAgentId: 'ghost' })).thenRefused('agent.not_found', 'body.parentAgentId');
    spec
      .given(s.suspend(ALICE, 'agent-a'))
      .when(s.provision(BROKER, 'agent-x', ALICE, { parentAgentId: 'agent-a' }))
      .thenRefused('agent.suspended', 'body.parentAgentId');
  });

  test('the owner is an existing, active human (invariant 7)', () => {
    spec.given().when(s.provision(BROKER, 'agent-x', 'ghost')).thenRefused('principal.not_found', 'body.ownerId');
    spec.given().when(s.provision(BROKER, 'agent-x', BROKER)).thenRefused('principal.not_human', 'body.ownerId');
    spec.given(s.deactivate('admin', BOB)).when(s.provision(BROKER, 'agent-x', BOB)).thenRefused('principal.deactivated', 'body.ownerId');
  });

  test('ids are unique across agents and principals', () => {
    spec.given().when(s.provision(BROKER, 'agent-a', ALICE)).thenRefused('agent.already_exists', 'body.agentId');
    spec.given().when(s.provision(BROKER, BOB, ALICE)).thenRefused('agent.already_exists');
  });

  test('every bad field is reported', () => {
    const l = world();
    expect(l.refusal(s.provision(BROKER, 'agent-x', ALICE, { model: { name: '' }, purpose: 3 }))).toEqual([
      { code: 'body.invalid', path: 'body.purpose' },
      { code: 'body.invalid', path: 'body.model.name' },
      { code: 'body.invalid', path: 'body.model.version' },
    ]);
  });
});

describe('agent.key_rotated', () => {
  test('the agent (old key) or an admin rotates its key', () => {
    spec.given().when(s.rotateAgentKey('agent-a', 'agent-a', keyOf('a2'))).then({ type: 'agent.key_rotated', stream: 'agent-agent-a' });
    spec.given().when(s.rotateAgentKey('admin', 'agent-a', keyOf('a2'))).then({ type: 'agent.key_rotated' });
    spec.given().when(s.rotateAgentKey(ALICE, 'agent-a', keyOf('a2'))).thenRefused('actor.not_authorized');
  });

  test('same key, unknown or deprovisioned agents are refused', () => {
    spec.given().when(s.rotateAgentKey('agent-a', 'agent-a', keyOf('agent-a'))).thenRefused('state.unchanged', 'body.publicKey');
    spec.given().when(s.rotateAgentKey('admin', 'ghost', keyOf('a2'))).thenRefused('agent.not_found', 'body.agentId');
    spec.given(s.deprovision(ALICE, 'agent-b')).when(s.rotateAgentKey('admin', 'agent-b', keyOf('b2'))).thenRefused('agent.deprovisioned');
  });

  test('a suspended agent cannot act, even on its own key', () => {
    spec.given(s.suspend(ALICE, 'agent-a')).when(s.rotateAgentKey('agent-a', 'agent-a', keyOf('a2'))).thenRefused('agent.suspended', 'actor');
  });
});

describe('agent.ownership_transferred', () => {
  test('the owner or an admin transfers to an active human', () => {
    const t = spec.given();
    t.when(s.transfer(ALICE, 'agent-a', BOB)).then({ type: 'agent.ownership_transferred', stream: 'agent-agent-a' });
    expect(t.ledger.view.agent('agent-a')?.ownerId).toBe(BOB);
    spec.given().when(s.transfer('admin', 'agent-c', ALICE)).then({ type: 'agent.ownership_transferred' });
    spec.given().when(s.transfer(BOB, 'agent-a', BOB)).thenRefused('actor.not_authorized');
  });

  test('never to a broker, a deactivated human, or the same owner', () => {
    spec.given().when(s.transfer(ALICE, 'agent-a', BROKER)).thenRefused('principal.not_human', 'body.newOwnerId');
    spec.given(s.deactivate('admin', BOB)).when(s.transfer(ALICE, 'agent-a', BOB)).thenRefused('principal.deactivated', 'body.newOwnerId');
    spec.given().when(s.transfer(ALICE, 'agent-a', ALICE)).thenRefused('state.unchanged', 'body.newOwnerId');
  });

  test('an agent whose owner is deactivated is orphaned until transferred', () => {
    const l = world();
    l.must(s.deactivate('admin', BOB));
    expect(isOrphaned(l.view, l.view.agent('agent-c')!)).toBe(true);
    expect(isOrphaned(l.view, l.view.agent('agent-a')!)).toBe(false);
    l.must(s.transfer('admin', 'agent-c', ALICE));
    expect(isOrphaned(l.view, l.view.agent('agent-c')!)).toBe(false);
    l.must(s.deactivate('admin', ALICE));
    l.must(s.deprovision('admin', 'agent-c'));
    expect(isOrphaned(l.view, l.view.agent('agent-c')!)).toBe(false);
  });
});

describe('model change and review', () => {
  test('a model change puts the agent in needs-review; the owner review clears it', () => {
    const l = world();
    l.must(s.changeModel('agent-a', 'agent-a'));
    expect(agentStatus(l.view.agent('agent-a')!)).toBe('needs-review');
    l.must(s.review(ALICE, 'agent-a'));
    expect(agentStatus(l.view.agent('agent-a')!)).toBe('active');
    expect(l.view.agent('agent-a')?.lastReviewedAt).toBe(l.now);
  });

  test('the owner, an admin or the agent itself reports a model change; an unchanged model is refused', () => {
    spec.given().when(s.changeModel(ALICE, 'agent-a')).then({ type: 'agent.model_changed', stream: 'agent-agent-a' });
    spec.given().when(s.changeModel('admin', 'agent-a')).then({ type: 'agent.model_changed' });
    spec.given().when(s.changeModel(BOB, 'agent-a')).thenRefused('actor.not_authorized');
    spec.given().when(s.changeModel(ALICE, 'agent-a', '1')).thenRefused('state.unchanged', 'body.model');
  });

  test('only the owner reviews (not an admin, not the agent)', () => {
    spec.given().when(s.review(ALICE, 'agent-a')).then({ type: 'agent.reviewed' });
    spec.given().when(s.review('admin', 'agent-a')).thenRefused('actor.not_authorized');
    spec.given().when(s.review('agent-a', 'agent-a')).thenRefused('actor.not_authorized');
    spec.given(s.deprovision(ALICE, 'agent-a')).when(s.review(ALICE, 'agent-a')).thenRefused('agent.deprovisioned');
  });

  test('a suspended agent whose model changed needs review when resumed', () => {
    const l = world();
    l.must(s.suspend(ALICE, 'agent-a'));
    l.must(s.changeModel(ALICE, 'agent-a'));
    expect(agentStatus(l.view.agent('agent-a')!)).toBe('suspended');
    l.must(s.resume(ALICE, 'agent-a'));
    expect(agentStatus(l.view.agent('agent-a')!)).toBe('needs-review');
  });
});

describe('kill switch: suspend, resume, deprovision', () => {
  test('the owner or an admin suspends and resumes', () => {
    spec.given().when(s.suspend(ALICE, 'agent-a')).then({ type: 'agent.suspended', stream: 'agent-agent-a' });
    spec.given().when(s.suspend('admin', 'agent-a')).then({ type: 'agent.suspended' });
    spec.given(s.suspend(ALICE, 'agent-a')).when(s.resume('admin', 'agent-a')).then({ type: 'agent.resumed' });
    spec.given().when(s.suspend(BOB, 'agent-a')).thenRefused('actor.not_authorized');
    spec.given(s.suspend(ALICE, 'agent-a')).when(s.resume(BOB, 'agent-a')).thenRefused('actor.not_authorized');
  });

  test('suspending twice or resuming an active agent changes nothing', () => {
    spec.given(s.suspend(ALICE, 'agent-a')).when(s.suspend(ALICE, 'agent-a')).thenRefused('state.unchanged', 'body.agentId');
    spec.given().when(s.resume(ALICE, 'agent-a')).thenRefused('state.unchanged');
  });

  test('deprovisioning is terminal', () => {
    spec.given().when(s.deprovision(ALICE, 'agent-a')).then({ type: 'agent.deprovisioned', stream: 'agent-agent-a' });
    spec.given(s.deprovision(ALICE, 'agent-a')).when(s.deprovision(ALICE, 'agent-a')).thenRefused('state.unchanged');
    spec.given(s.deprovision(ALICE, 'agent-a')).when(s.resume(ALICE, 'agent-a')).thenRefused('agent.deprovisioned');
    spec.given(s.deprovision(ALICE, 'agent-a')).when(s.suspend(ALICE, 'agent-a')).thenRefused('agent.deprovisioned');
    spec.given().when(s.deprovision(BOB, 'agent-a')).thenRefused('actor.not_authorized');
    spec.given().when(s.deprovision(BOB, 'ghost')).thenRefused('agent.not_found');
  });
});
