// delegation-<id> streams: invariants 1 (attenuation), 2 (windows), 3 (links, depth,
// cycles), 4 (a live chain to grant from) and 9 (who may revoke).
import { formatInstant } from '../../src/domain';
import { deciderSpecification } from './support/decider-specification';
import * as s from './support/statements';
import { DAY, HOUR, T0 } from './support/test-ledger';
import { ALICE, BOB, BROKER, world } from './support/world';

const spec = deciderSpecification(world);
const vendorRead = { resource: 'erp://po/vendors/*', actions: ['read'], conditions: { maxAmount: 10 } };

describe('root grants (a human, from an entitlement)', () => {
  test('a human grants from their entitlement', () => {
    const t = spec.given();
    t.when(s.grantRoot(ALICE, 'd9', 'agent-c', 'e-alice')).then({ type: 'delegation.granted', stream: 'delegation-d9' });
    expect(t.ledger.view.delegation('d9')).toMatchObject({ delegatorId: ALICE, delegateeId: 'agent-c', entitlementId: 'e-alice', depth: 3 });
    expect(t.ledger.view.delegationsFrom('e-alice')).toEqual(['d1', 'd9']);
  });

  test('only the human holding a live entitlement grants from it', () => {
    spec.given().when(s.grantRoot(BOB, 'd9', 'agent-c', 'e-alice')).thenRefused('entitlement.not_found', 'body.entitlementId');
    spec.given(s.revokeEntitlement('admin', ALICE, 'e-alice')).when(s.grantRoot(ALICE, 'd9', 'agent-c', 'e-alice')).thenRefused('entitlement.revoked');
    spec.given().when(s.grantRoot('agent-a', 'd9', 'agent-c', 'e-alice')).thenRefused('principal.not_human', 'actor');
  });

  test('wider capabilities than the entitlement are refused, each reported (invariant 1)', () => {
    const l = world();
    const capabilities = [
      { resource: 'erp://**', actions: ['read'] },
      { resource: 'erp://po/x', actions: ['read'], conditions: { maxAmount: 10 } },
      { resource: 'erp://po/x', actions: ['delete'], conditions: { maxAmount: 10 } },
      { resource: 'erp://po/x', actions: ['create'] },
    ];
    expect(l.refusal(s.grantRoot(ALICE, 'd9', 'agent-c', 'e-alice', { capabilities }))).toEqual([
      { code: 'delegation.not_attenuated', path: 'body.capabilities[0]' },
      { code: 'delegation.not_attenuated', path: 'body.capabilities[2]' },
      { code: 'delegation.not_attenuated', path: 'body.capabilities[3]' },
    ]);
  });

  test('malformed capabilities are reported with their paths', () => {
    const l = world();
    expect(l.refusal(s.grantRoot(ALICE, 'd9', 'agent-c', 'e-alice', { capabilities: [] }))).toEqual([{ code: 'capability.malformed', path: 'body.capabilities' }]);
    expect(l.refusal(s.grantRoot(ALICE, 'd9', 'agent-c', 'e-alice', { capabilities: [{ resource: 'po', actions: ['Read'], conditions: { rate: { max: 0 } } }] }))).toEqual([
      { code: 'capability.invalid_resource', path: 'body.capabilities[0].resource' },
      { code: 'capability.invalid_actions', path: 'body.capabilities[0].actions[0]' },
      { code: 'capability.invalid_conditions', path: 'body.capabilities[0].conditions.rate.max' },
      { code: 'capability.invalid_conditions', path: 'body.capabilities[0].conditions.rate.perSeconds' },
    ]);
  });

  test('exactly one of parentId and entitlementId', () => {
    spec.given().when(s.grantRoot(ALICE, 'd9', 'agent-c', 'e-alice', { parentId: 'd1' })).thenRefused('body.invalid', 'body.parentId');
  });
});

describe('re-delegation (an agent, from a delegation it holds)', () => {
  test('an agent re-delegates a narrower part of what it holds', () => {
    const t = spec.given(s.provision('agent-a', 'agent-x', ALICE, { parentAgentId: 'agent-a' }));
    t.when(s.grantFrom('agent-a', 'd9', 'agent-x', 'd1', { capabilities: [vendorRead] })).then({ type: 'delegation.granted' });
    expect(t.ledger.view.childDelegations('d1')).toEqual(['d2', 'd9']);
  });

  test('the delegator must be the delegatee of the parent (invariant 3)', () => {
    spec.given().when(s.grantFrom('agent-c', 'd9', 'agent-b', 'd1')).thenRefused('delegation.broken_link', 'actor');
    spec.given().when(s.grantFrom('agent-a', 'd9', 'agent-c', 'ghost')).thenRefused('delegation.not_found', 'body.parentId');
  });

  test('capabilities wider than the parent are refused (invariant 1)', () => {
    spec
      .given()
      .when(s.grantFrom('agent-a', 'd9', 'agent-c', 'd1', { capabilities: [{ resource: 'erp://po/**', actions: ['create'], conditions: { maxAmount: 60_000 } }] }))
      .thenRefused('delegation.not_attenuated', 'body.capabilities[0]');
  });

  test("the window must lie inside the parent's; notAfter after notBefore and in the future (invariant 2)", () => {
    spec.given().when(s.grantFrom('agent-a', 'd9', 'agent-c', 'd1', s.window(T0, T0 + 60 * DAY))).thenRefused('delegation.window_outside_parent', 'body.notBefore');
    spec.given().when(s.grantFrom('agent-a', 'd9', 'agent-c', 'd1', s.window(T0 - 2 * HOUR, T0 + DAY))).thenRefused('delegation.window_outside_parent');
    spec.given().when(s.grantFrom('agent-a', 'd9', 'agent-c', 'd1', s.window(T0 + DAY, T0))).thenRefused('delegation.window_invalid', 'body.notAfter');
    spec.given().when(s.grantRoot(ALICE, 'd9', 'agent-c', 'e-alice', s.window(T0 - 2 * HOUR, T0 - HOUR))).thenRefused('delegation.window_invalid', 'body.notAfter');
    spec.given().when(s.grantRoot(ALICE, 'd9', 'agent-c', 'e-alice', { notBefore: '2026-11-24' })).thenRefused('body.invalid', 'body.notBefore');
  });

  test('depth is bounded by the parent remaining depth (invariant 3)', () => {
    spec.given().when(s.grantFrom('agent-a', 'd9', 'agent-c', 'd1', { depth: 3 })).thenRefused('delegation.depth_exceeded', 'body.depth');
    spec
      .given(s.grantFrom('agent-b', 'd3', 'agent-c', 'd2', { depth: 0, capabilities: [vendorRead] }), s.provision(BOB, 'agent-x', BOB))
      .when(s.grantFrom('agent-c', 'd9', 'agent-x', 'd3', { depth: 0, capabilities: [vendorRead] }))
      .thenRefused('delegation.depth_exceeded');
    spec.given().when(s.grantRoot(ALICE, 'd9', 'agent-c', 'e-alice', { depth: 17 })).thenRefused('body.invalid', 'body.depth');
  });

  test('no cycles: an agent already on the chain cannot receive from below (invariant 3)', () => {
    const t = spec.given(s.grantFrom('agent-b', 'd3', 'agent-c', 'd2', { depth: 0, capabilities: [vendorRead] }));
    t.ledger.must(s.grantRoot(ALICE, 'd8', 'agent-b', 'e-alice', { depth: 2 }));
    t.when(s.grantFrom('agent-b', 'd9', 'agent-a', 'd8')).then({ type: 'delegation.granted' });
    spec.given(s.grantRoot(ALICE, 'd8', 'agent-b', 'e-alice', { depth: 2 })).when(s.grantFrom('agent-b', 'd9', 'agent-b', 'd8')).thenRefused('delegation.cycle', 'body.delegateeId');
    spec
      .given(s.grantFrom('agent-a', 'd3', 'agent-c', 'd1', { depth: 2 }))
      .when(s.grantFrom('agent-c', 'd9', 'agent-a', 'd3', { capabilities: [vendorRead], depth: 0 }))
      .thenRefused('delegation.cycle');
  });

  test('the chain granted from must be live (invariant 4)', () => {
    spec.given(s.revokeDelegation(ALICE, 'd1')).when(s.grantFrom('agent-a', 'd9', 'agent-c', 'd1')).thenRefused('delegation.revoked', 'body.parentId');
    spec.given(s.deactivate('admin', ALICE)).when(s.grantFrom('agent-a', 'd9', 'agent-c', 'd1')).thenRefused('principal.deactivated', 'body.parentId');
    spec.given(s.changeModel(ALICE, 'agent-a')).when(s.grantFrom('agent-a', 'd9', 'agent-c', 'd1')).thenRefused('agent.needs_review', 'body.parentId');
    spec.given().when((l) => (l.advance(8 * DAY), s.grantFrom('agent-b', 'd9', 'agent-c', 'd2', { depth: 0, capabilities: [vendorRead] }))).thenRefused('delegation.expired');
  });

  test('an orphaned agent passes nothing on (invariant 7), until it is transferred', () => {
    const held = s.grantRoot(ALICE, 'd-c', 'agent-c', 'e-alice');
    const onward = s.grantFrom('agent-c', 'd9', 'agent-a', 'd-c', { depth: 0 });
    spec.given(held, s.deactivate('admin', BOB)).when(onward).thenRefused('agent.orphaned', 'body.parentId');
    spec.given(held, s.deactivate('admin', BOB), s.transfer('admin', 'agent-c', ALICE)).when(onward).then({ type: 'delegation.granted' });
  });

  test('a suspended agent delegates nothing', () => {
    spec.given(s.suspend(ALICE, 'agent-a')).when(s.grantFrom('agent-a', 'd9', 'agent-c', 'd1')).thenRefused('agent.suspended', 'actor');
  });

  test('the delegatee is an existing agent that may act; ids are unique', () => {
    spec.given().when(s.grantRoot(ALICE, 'd9', 'ghost', 'e-alice')).thenRefused('agent.not_found', 'body.delegateeId');
    spec.given().when(s.grantRoot(ALICE, 'd9', BOB, 'e-alice')).thenRefused('agent.not_found');
    spec.given(s.suspend(BOB, 'agent-c')).when(s.grantRoot(ALICE, 'd9', 'agent-c', 'e-alice')).thenRefused('agent.suspended', 'body.delegateeId');
    spec.given(s.deprovision(BOB, 'agent-c')).when(s.grantRoot(ALICE, 'd9', 'agent-c', 'e-alice')).thenRefused('agent.deprovisioned');
    spec.given().when(s.grantRoot(ALICE, 'd1', 'agent-c', 'e-alice')).thenRefused('delegation.already_exists', 'body.delegationId');
  });

  test('a grant whose window starts later is accepted, and is not yet valid to grant from', () => {
    const later = s.window(T0 + DAY, T0 + 2 * DAY);
    spec
      .given(s.grantRoot(ALICE, 'd9', 'agent-c', 'e-alice', later))
      .when(s.grantFrom('agent-c', 'd10', 'agent-a', 'd9', { ...later, capabilities: [vendorRead] }))
      .thenRefused('delegation.not_yet_valid', 'body.parentId');
    expect(formatInstant(T0)).toBe('2026-11-24T10:00:00.000Z');
  });
});

describe('delegation.revoked: who may revoke (invariant 9)', () => {
  test.each([
    ['its delegator', 'agent-a'],
    ['an ancestor delegator', ALICE],
    ["the delegatee's owner", ALICE],
    ['an admin', 'admin'],
  ])('%s may revoke d2', (_who, actor) => {
    spec.given().when(s.revokeDelegation(actor, 'd2', { reason: 'done' })).then({ type: 'delegation.revoked', stream: 'delegation-d2' });
  });

  test("an owner of an agent on the chain may revoke below it; a stranger may not", () => {
    spec.given(s.grantFrom('agent-a', 'd9', 'agent-c', 'd1')).when(s.revokeDelegation(BOB, 'd9')).then({ type: 'delegation.revoked' });
    spec.given().when(s.revokeDelegation(BOB, 'd2')).thenRefused('actor.not_authorized');
    spec.given().when(s.revokeDelegation(BROKER, 'd1')).thenRefused('actor.not_authorized');
    spec.given().when(s.revokeDelegation('agent-b', 'd2')).thenRefused('actor.not_authorized');
  });

  test('revoking twice changes nothing; an unknown delegation is refused', () => {
    spec.given(s.revokeDelegation(ALICE, 'd2')).when(s.revokeDelegation(ALICE, 'd2')).thenRefused('state.unchanged', 'body.delegationId');
    spec.given().when(s.revokeDelegation(ALICE, 'ghost')).thenRefused('delegation.not_found', 'body.delegationId');
  });

  test('only the ledger names a cause, and the ledger only revokes as a cascade', () => {
    const cause = { type: 'delegation.revoked', id: 'd1', hash: '00'.repeat(32), position: 1 };
    spec.given().when(s.revokeDelegation(ALICE, 'd2', { cause })).thenRefused('body.invalid', 'body.cause');
    spec.given().when(s.revokeDelegation('ledger', 'd2')).thenRefused('body.invalid', 'body.cause');
    spec.given().when(s.revokeDelegation('ledger', 'd2', { cause: { ...cause, type: 'agent.exploded' } })).thenRefused('body.invalid', 'body.cause.type');
  });
});
