// credential-<id> streams: issuance (task-scoped, attenuated, bound to the agent's
// key, short-lived, never past the chain's end) and revocation.
import { formatInstant } from '../../src/domain';
import { deciderSpecification } from './support/decider-specification';
import * as s from './support/statements';
import { DAY, HOUR, T0, TestLedger, keyOf } from './support/test-ledger';
import { ALICE, BOB, world } from './support/world';

const spec = deciderSpecification(world);
const read = { resource: 'erp://po/vendors/**', actions: ['read'], conditions: { maxAmount: 100 } };

describe('credential.request -> credential.issued', () => {
  test('the delegatee gets a 5-minute credential bound to its key, with the chain it stands on', () => {
    const t = spec.given();
    const e = t.when(s.requestCredential('agent-a', 'c9', 'd1')).then({ type: 'credential.issued', stream: 'credential-c9' });
    const d1 = t.ledger.view.delegation('d1')!;
    expect(e.result).toEqual({
      issuedAt: formatInstant(T0),
      expiresAt: formatInstant(T0 + 300_000),
      boundKey: keyOf('agent-a'),
      capabilities: d1.capabilities,
      chain: [
        { kind: 'agent', id: 'agent-a', hash: t.ledger.view.agent('agent-a')!.ref.hash, position: t.ledger.view.agent('agent-a')!.ref.position },
        { kind: 'delegation', id: 'd1', hash: d1.ref.hash, position: d1.ref.position },
        { kind: 'principal', id: ALICE, hash: t.ledger.view.principal(ALICE)!.ref.hash, position: t.ledger.view.principal(ALICE)!.ref.position },
        { kind: 'entitlement', id: 'e-alice', hash: t.ledger.view.entitlement('e-alice')!.ref.hash, position: t.ledger.view.entitlement('e-alice')!.ref.position },
      ],
      tokenFormat: 'rfc9068',
    });
    expect(t.ledger.view.credential('c9')).toMatchObject({ agentId: 'agent-a', taskId: 'task-1', status: 'active', expiresAt: T0 + 300_000 });
    expect(t.ledger.view.credentialsOf('agent-a')).toEqual(['c-a', 'c9']);
  });

  test('a narrower set of capabilities and a TTL may be asked for', () => {
    const e = spec.given().when(s.requestCredential('agent-b', 'c9', 'd2', { capabilities: [read], ttlSeconds: 60 })).then({ type: 'credential.issued' });
    expect(e.result).toMatchObject({ capabilities: [read], expiresAt: formatInstant(T0 + 60_000) });
  });

  test('a credential never outlives its chain (invariant 2)', () => {
    const t = spec.given();
    t.ledger.advance(7 * DAY - 60_000);
    const e = t.when(s.requestCredential('agent-b', 'c9', 'd2')).then({ type: 'credential.issued' });
    expect(e.result).toMatchObject({ expiresAt: formatInstant(T0 + 7 * DAY) });
  });

  test('a TTL above the policy maximum is refused; the policy is set at genesis', () => {
    spec.given().when(s.requestCredential('agent-a', 'c9', 'd1', { ttlSeconds: 3601 })).thenRefused('body.invalid', 'body.ttlSeconds');
    spec.given().when(s.requestCredential('agent-a', 'c9', 'd1', { ttlSeconds: 0 })).thenRefused('body.invalid', 'body.ttlSeconds');
  });

  test('an audience (RFC 8707) may be named; one with spaces or control characters, or empty, is refused', () => {
    spec.given().when(s.requestCredential('agent-a', 'c9', 'd1', { audience: 'https://erp.example/api' })).then({ type: 'credential.issued' });
    spec.given().when(s.requestCredential('agent-a', 'c9', 'd1', { audience: 'https://erp.example/ api' })).thenRefused('body.invalid', 'body.audience');
    spec.given().when(s.requestCredential('agent-a', 'c9', 'd1', { audience: 'https://erp.example/\napi' })).thenRefused('body.invalid', 'body.audience');
    spec.given().when(s.requestCredential('agent-a', 'c9', 'd1', { audience: '' })).thenRefused('body.invalid', 'body.audience');
    spec.given().when(s.requestCredential('agent-a', 'c9', 'd1', { audience: 7 })).thenRefused('body.invalid', 'body.audience');
  });

  test('capabilities wider than the delegation are refused (invariant 1)', () => {
    spec
      .given()
      .when(s.requestCredential('agent-b', 'c9', 'd2', { capabilities: [read, { resource: 'erp://po/**', actions: ['read'], conditions: { maxAmount: 1 } }] }))
      .thenRefused('credential.not_attenuated', 'body.capabilities[1]');
  });

  describe('agent.orphaned (invariant 7): no new credential for an agent whose owner is gone', () => {
    // agent-c is bob's and holds a root delegation from alice, who stays active.
    const grant = s.grantRoot(ALICE, 'd-c', 'agent-c', 'e-alice');

    test('issued while its owner is active', () => {
      spec.given(grant).when(s.requestCredential('agent-c', 'c9', 'd-c')).then({ type: 'credential.issued' });
    });

    test('refused once its owner is deactivated, whatever its chain', () => {
      spec.given(grant, s.deactivate('admin', BOB)).when(s.requestCredential('agent-c', 'c9', 'd-c')).thenRefused('agent.orphaned', 'body.delegationId');
    });

    test('issued again once its ownership is transferred', () => {
      spec
        .given(grant, s.deactivate('admin', BOB), s.transfer('admin', 'agent-c', ALICE))
        .when(s.requestCredential('agent-c', 'c9', 'd-c'))
        .then({ type: 'credential.issued' });
    });

    test("issued under a genesis policy of orphanedAgents: 'allow'", () => {
      deciderSpecification(() => world({ policy: { orphanedAgents: 'allow' } }))
        .given(grant, s.deactivate('admin', BOB))
        .when(s.requestCredential('agent-c', 'c9', 'd-c'))
        .then({ type: 'credential.issued' });
    });
  });

  test('only the delegatee, an agent, asks under a delegation', () => {
    spec.given().when(s.requestCredential('agent-b', 'c9', 'd1')).thenRefused('actor.not_authorized', 'body.delegationId');
    spec.given().when(s.requestCredential(ALICE, 'c9', 'd1')).thenRefused('actor.not_authorized', 'actor');
  });

  test('unknown delegations, reused ids and dead chains are refused', () => {
    spec.given().when(s.requestCredential('agent-a', 'c9', 'ghost')).thenRefused('delegation.not_found', 'body.delegationId');
    spec.given().when(s.requestCredential('agent-a', 'c-a', 'd1')).thenRefused('credential.already_exists', 'body.credentialId');
    spec.given(s.revokeDelegation(ALICE, 'd1')).when(s.requestCredential('agent-b', 'c9', 'd2')).thenRefused('delegation.revoked', 'body.delegationId');
    spec.given(s.revokeEntitlement('admin', ALICE, 'e-alice')).when(s.requestCredential('agent-a', 'c9', 'd1')).thenRefused('entitlement.revoked');
    spec.given(s.changeModel(ALICE, 'agent-a')).when(s.requestCredential('agent-a', 'c9', 'd1')).thenRefused('agent.needs_review');
  });

  test('a chain that is not valid yet issues nothing', () => {
    spec
      .given(s.grantRoot(ALICE, 'd9', 'agent-c', 'e-alice', s.window(T0 + HOUR, T0 + DAY)))
      .when(s.requestCredential('agent-c', 'c9', 'd9'))
      .thenRefused('delegation.not_yet_valid', 'body.delegationId');
  });

  test('every bad field is reported', () => {
    const l = world();
    expect(l.refusal({ type: 'credential.request', actor: 'agent-a', body: { credentialId: 'c9', delegationId: 'd1', task: { description: '' }, ttlSeconds: 1.5 } })).toEqual([
      { code: 'body.invalid', path: 'body.task.id' },
      { code: 'body.invalid', path: 'body.task.description' },
      { code: 'body.invalid', path: 'body.ttlSeconds' },
    ]);
  });

  test('the default TTL comes from the genesis policy', () => {
    const l = new TestLedger();
    l.must(s.genesis({ policy: { credentialTtlSeconds: 30 } }));
    l.must(s.register('admin', ALICE));
    l.must(s.grantEntitlement('admin', ALICE, 'e-alice'));
    l.must(s.provision(ALICE, 'agent-a', ALICE));
    l.must(s.grantRoot(ALICE, 'd1', 'agent-a', 'e-alice'));
    expect(l.must(s.requestCredential('agent-a', 'c1', 'd1')).result).toMatchObject({ expiresAt: formatInstant(T0 + 30_000) });
  });
});

describe('credential.revoked', () => {
  test.each([
    ['the agent itself', 'agent-a'],
    ['its owner', ALICE],
    ['the delegator of its delegation', ALICE],
    ['an admin', 'admin'],
  ])('%s may revoke it', (_who, actor) => {
    const t = spec.given();
    t.when(s.revokeCredential(actor, 'c-a', { reason: 'task done' })).then({ type: 'credential.revoked', stream: 'credential-c-a' });
    expect(t.ledger.view.credential('c-a')?.status).toBe('revoked');
  });

  test('a stranger may not; twice changes nothing; unknown ids are refused', () => {
    spec.given().when(s.revokeCredential(BOB, 'c-a')).thenRefused('actor.not_authorized');
    spec.given().when(s.revokeCredential('agent-b', 'c-a')).thenRefused('actor.not_authorized');
    spec.given(s.revokeCredential('agent-a', 'c-a')).when(s.revokeCredential('agent-a', 'c-a')).thenRefused('state.unchanged', 'body.credentialId');
    spec.given().when(s.revokeCredential('agent-a', 'ghost')).thenRefused('credential.not_found', 'body.credentialId');
  });

  test('only the ledger names a cause', () => {
    spec.given().when(s.revokeCredential('ledger', 'c-a')).thenRefused('body.invalid', 'body.cause');
  });
});
