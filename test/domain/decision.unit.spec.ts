// "May agent A do X on R now, with credential C?" (invariant 4): every reason code,
// root-cause ordering, and the chain every decision carries.
import { evaluateDecision, type ChainHop } from '../../src/domain';
import { deciderSpecification } from './support/decider-specification';
import * as s from './support/statements';
import { DAY, HOUR, T0, keyOf, type TestLedger } from './support/test-ledger';
import { ALICE, BOB, world } from './support/world';

const spec = deciderSpecification(world);

const denied = (reason: string, hop?: { kind: string; id: string }) => ({
  type: 'action.denied',
  stream: expect.stringMatching(/^actions-/) as unknown as string,
  result: hop === undefined ? { decision: 'denied', reason } : { decision: 'denied', reason, hop },
});

describe('allowed', () => {
  test('a request inside the whole chain is allowed and names every hop it relied on', () => {
    const t = spec.given();
    const e = t.when(s.act('agent-a', 'c-a')).then({ type: 'action.authorized', stream: 'actions-agent-a' });
    const v = t.ledger.view;
    const ref = (kind: string, id: string, r: { hash: string; position: number }, capability?: number) =>
      capability === undefined ? { kind, id, hash: r.hash, position: r.position } : { kind, id, hash: r.hash, position: r.position, capability };
    expect(e.result).toEqual({
      decision: 'allowed',
      chain: [
        ref('credential', 'c-a', v.credential('c-a')!.ref, 0),
        ref('agent', 'agent-a', v.agent('agent-a')!.ref),
        ref('delegation', 'd1', v.delegation('d1')!.ref, 0),
        ref('principal', ALICE, v.principal(ALICE)!.ref),
        ref('entitlement', 'e-alice', v.entitlement('e-alice')!.ref, 0),
      ],
    });
  });

  test('a request without an amount is judged as amount 0', () => {
    spec.given().when(s.act('agent-a', 'c-a', { action: 'read', amount: undefined })).then({ type: 'action.authorized' });
  });
});

describe('denied, with the reason and the hop that failed', () => {
  test('credential.not_found', () => {
    const e = spec.given().when(s.act('agent-a', 'ghost')).then(denied('credential.not_found', { kind: 'credential', id: 'ghost' }));
    expect((e.result as { chain: ChainHop[] }).chain.map((h) => h.kind)).toEqual(['agent']);
  });

  test('credential.key_mismatch: another agent presents it, or the agent rotated its key', () => {
    spec.given(s.requestCredential('agent-b', 'c-b', 'd2')).when(s.act('agent-b', 'c-a')).then(denied('credential.key_mismatch'));
    spec.given(s.rotateAgentKey('agent-a', 'agent-a', keyOf('a2'))).when(s.act('agent-a', 'c-a')).then(denied('credential.key_mismatch'));
  });

  test('credential.revoked, credential.expired, credential.task_mismatch', () => {
    spec.given(s.revokeCredential('agent-a', 'c-a')).when(s.act('agent-a', 'c-a')).then(denied('credential.revoked', { kind: 'credential', id: 'c-a' }));
    spec.given().when((l) => (l.advance(300_000), s.act('agent-a', 'c-a'))).then(denied('credential.expired'));
    spec.given().when(s.act('agent-a', 'c-a', { taskId: 'task-2' })).then(denied('credential.task_mismatch'));
  });

  test('delegation.revoked and delegation.expired name the delegation', () => {
    spec.given(s.revokeDelegation(ALICE, 'd1')).when(s.act('agent-a', 'c-a')).then(denied('delegation.revoked', { kind: 'delegation', id: 'd1' }));
    const expiring = (l: TestLedger) => {
      l.advance(7 * DAY - 60_000);
      l.must(s.requestCredential('agent-b', 'c-b', 'd2'));
      l.advance(60_000);
    };
    spec.given(expiring).when(s.act('agent-b', 'c-b', { action: 'read', resource: 'erp://po/vendors/v1' })).then(denied('delegation.expired', { kind: 'delegation', id: 'd2' }));
  });

  test('delegation.not_yet_valid (a decision at a time before the window)', () => {
    const l = world();
    const request = { agentId: 'agent-a', credentialId: 'c-a', action: 'read', resource: 'erp://po/x', taskId: 'task-1', presentedKey: keyOf('agent-a') };
    expect(evaluateDecision(l.view, request, T0 - 2 * HOUR)).toMatchObject({ decision: 'denied', reason: 'delegation.not_yet_valid', hop: { id: 'd1' } });
  });

  test('agent.suspended, agent.deprovisioned, agent.needs_review', () => {
    spec.given(s.suspend(ALICE, 'agent-a')).when(s.act('agent-a', 'c-a')).then(denied('agent.suspended', { kind: 'agent', id: 'agent-a' }));
    spec.given(s.deprovision(ALICE, 'agent-a')).when(s.act('agent-a', 'c-a')).then(denied('agent.deprovisioned', { kind: 'agent', id: 'agent-a' }));
    spec.given(s.changeModel(ALICE, 'agent-a')).when(s.act('agent-a', 'c-a')).then(denied('agent.needs_review'));
  });

  test('a subagent is denied with agent.suspended naming its suspended delegator', () => {
    spec
      .given(s.requestCredential('agent-b', 'c-b', 'd2'), s.suspend(ALICE, 'agent-a'))
      .when(s.act('agent-b', 'c-b', { action: 'read', resource: 'erp://po/vendors/v1' }))
      .then(denied('agent.suspended', { kind: 'agent', id: 'agent-a' }));
  });

  test('principal.deactivated (the human at the root) and entitlement.revoked', () => {
    spec.given(s.deactivate('admin', ALICE)).when(s.act('agent-a', 'c-a')).then(denied('principal.deactivated', { kind: 'principal', id: ALICE }));
    spec.given(s.revokeEntitlement('admin', ALICE, 'e-alice')).when(s.act('agent-a', 'c-a')).then(denied('entitlement.revoked', { kind: 'entitlement', id: 'e-alice' }));
  });

  test('the root cause wins: a revoked entitlement is reported before a revoked credential', () => {
    spec
      .given(s.revokeCredential('agent-a', 'c-a'), s.revokeEntitlement('admin', ALICE, 'e-alice'))
      .when(s.act('agent-a', 'c-a'))
      .then(denied('entitlement.revoked'));
  });

  test('capability.not_covered and condition.max_amount name the hop that judged them', () => {
    spec.given().when(s.act('agent-a', 'c-a', { action: 'delete' })).then(denied('capability.not_covered', { kind: 'entitlement', id: 'e-alice' }));
    spec.given().when(s.act('agent-a', 'c-a', { resource: 'crm://customers/1' })).then(denied('capability.not_covered'));
    spec.given().when(s.act('agent-a', 'c-a', { amount: 60_000 })).then(denied('condition.max_amount', { kind: 'entitlement', id: 'e-alice' }));
    const narrow = s.requestCredential('agent-a', 'c-n', 'd1', { task: { id: 'task-1' }, capabilities: [{ resource: 'erp://po/**', actions: ['create'], conditions: { maxAmount: 100 } }] });
    spec.given(narrow).when(s.act('agent-a', 'c-n', { amount: 101 })).then(denied('condition.max_amount', { kind: 'credential', id: 'c-n' }));
  });
});

describe('rate conditions count allowed decisions under each hop', () => {
  const rated = { resource: 'erp://po/**', actions: ['create', 'read'], conditions: { maxAmount: 50_000, rate: { max: 2, perSeconds: 60 } } };
  const givenRated = (l: TestLedger) => {
    l.must(s.grantRoot(ALICE, 'd9', 'agent-c', 'e-alice', { capabilities: [rated] }));
    l.must(s.requestCredential('agent-c', 'c-c', 'd9'));
  };

  test('the third decision in a minute is denied; a minute later it is allowed again', () => {
    const t = spec.given(givenRated, s.act('agent-c', 'c-c'), s.act('agent-c', 'c-c'));
    t.when(s.act('agent-c', 'c-c')).then(denied('condition.rate_exceeded', { kind: 'delegation', id: 'd9' }));
    t.ledger.advance(60_000);
    expect(t.ledger.must(s.act('agent-c', 'c-c')).type).toBe('action.authorized');
  });

  test('denials do not count', () => {
    spec.given(givenRated, s.act('agent-c', 'c-c', { amount: 60_000 }), s.act('agent-c', 'c-c')).when(s.act('agent-c', 'c-c')).then({ type: 'action.authorized' });
  });

  test("a delegation's rate also counts what is done under it further down the chain", () => {
    const sub = { resource: 'erp://po/**', actions: ['read'], conditions: { maxAmount: 10, rate: { max: 2, perSeconds: 120 } } };
    const below = (l: TestLedger) => {
      l.must(s.provision(BOB, 'agent-d', BOB));
      l.must(s.grantFrom('agent-c', 'd10', 'agent-d', 'd9', { capabilities: [sub], ...s.window(T0 - HOUR, T0 + DAY) }));
      l.must(s.requestCredential('agent-d', 'c-d', 'd10'));
    };
    spec
      .given(givenRated, below, s.act('agent-c', 'c-c'), s.act('agent-d', 'c-d', { action: 'read', amount: 1 }))
      .when(s.act('agent-d', 'c-d', { action: 'read', amount: 1 }))
      .then(denied('condition.rate_exceeded', { kind: 'delegation', id: 'd9' }));
  });
});

describe('agent.orphaned (invariant 7): an agent whose owner is gone is denied, whatever its chain', () => {
  // agent-c is bob's; alice, who stays active, grants it a root delegation, so its chain
  // is live however bob fares: only the ownership rule can deny it.
  const heldByBobsAgent = (l: TestLedger) => {
    l.must(s.grantRoot(ALICE, 'd-c', 'agent-c', 'e-alice'));
    l.must(s.requestCredential('agent-c', 'c-c', 'd-c'));
  };

  test('allowed while its owner is active', () => {
    spec.given(heldByBobsAgent).when(s.act('agent-c', 'c-c')).then({ type: 'action.authorized' });
  });

  test('denied once its owner is deactivated, naming the agent', () => {
    spec.given(heldByBobsAgent, s.deactivate('admin', BOB)).when(s.act('agent-c', 'c-c')).then(denied('agent.orphaned', { kind: 'agent', id: 'agent-c' }));
  });

  test('allowed again once its ownership is transferred to an active human', () => {
    spec
      .given(heldByBobsAgent, s.deactivate('admin', BOB), s.transfer('admin', 'agent-c', ALICE))
      .when(s.act('agent-c', 'c-c'))
      .then({ type: 'action.authorized' });
  });

  test('an orphan passes nothing on: an agent of an active owner acting under its delegation is denied', () => {
    const passedOn = (l: TestLedger) => {
      l.must(s.grantFrom('agent-c', 'd-ca', 'agent-a', 'd-c', { depth: 0 }));
      l.must(s.requestCredential('agent-a', 'c-ca', 'd-ca'));
    };
    spec
      .given(heldByBobsAgent, passedOn, s.deactivate('admin', BOB))
      .when(s.act('agent-a', 'c-ca', { action: 'read', resource: 'erp://po/vendors/v1' }))
      .then(denied('agent.orphaned', { kind: 'agent', id: 'agent-c' }));
  });

  test("a genesis policy of orphanedAgents: 'allow' opts out", () => {
    deciderSpecification(() => world({ policy: { orphanedAgents: 'allow' } }))
      .given(heldByBobsAgent, s.deactivate('admin', BOB))
      .when(s.act('agent-c', 'c-c'))
      .then({ type: 'action.authorized' });
  });
});

describe('refused outright (nothing recorded)', () => {
  test('only agents ask for decisions', () => {
    spec.given().when(s.act(ALICE, 'c-a')).thenRefused('actor.not_authorized', 'actor');
  });

  test('every bad field of a request is reported', () => {
    const l = world();
    expect(l.refusal(s.act('agent-a', 'c-a', { resource: 'erp://po/*', amount: -1, action: '', requestId: undefined }))).toEqual([
      { code: 'body.invalid', path: 'body.requestId' },
      { code: 'body.invalid', path: 'body.action' },
      { code: 'body.invalid', path: 'body.amount' },
      { code: 'body.invalid', path: 'body.resource' },
    ]);
  });
});

test('a suspended agent cannot do anything else, but its requests are still recorded', () => {
  const l = world();
  l.must(s.suspend(ALICE, 'agent-a'));
  expect(l.must(s.act('agent-a', 'c-a')).type).toBe('action.denied');
  expect(l.refusal(s.requestCredential('agent-a', 'c9', 'd1'))).toEqual([{ code: 'agent.suspended', path: 'actor' }]);
  expect(BOB).toBe('bob');
});
