// AuthZEN evaluations (`authzen.evaluation`): an enforcer asks on an agent's behalf,
// presenting the credential token the ledger issued. The decision is the one an
// agent's own `action.request` gets, recorded in the same stream, naming the enforcer.
import { authzenRequestId, decisionRequestOf, ledgerKeyId, validate, type RecordedEvent } from '../../src/domain';
import { toBase64Url, utf8ToBytes } from '../../src/integrity/bytes';
import { keyPairFromSeed, sign } from '../../src/integrity/ed25519';
import { sha256 } from '../../src/integrity/sha256';
import { deciderSpecification } from './support/decider-specification';
import * as s from './support/statements';
import { keyOf, type Command, type TestLedger } from './support/test-ledger';
import { ALICE, BOB, world } from './support/world';

const GATEWAY = 'gateway';
const seedOf = (name: string) => sha256(utf8ToBytes(`test key ${name}`));

/** A compact JWS as the ledger signs credentials (header, claims, EdDSA). */
function token(claims: Record<string, unknown>, signer = 'ledger', kidOf = signer): string {
  const kid = ledgerKeyId(keyPairFromSeed(seedOf(kidOf)).publicKey);
  const part = (v: unknown) => toBase64Url(utf8ToBytes(JSON.stringify(v)));
  const input = `${part({ alg: 'EdDSA', typ: 'at+jwt', kid })}.${part(claims)}`;
  return `${input}.${toBase64Url(sign(seedOf(signer), utf8ToBytes(input)))}`;
}

const credential = (jti = 'c-a', task = 'task-1') => token({ jti, client_id: 'agent-a', writ_task: { id: task } });

function evaluation(over: { subject?: unknown; action?: unknown; resource?: unknown; context?: Record<string, unknown>; actor?: string; nonce?: string } = {}): Command {
  const body = {
    subject: over.subject ?? { type: 'agent', id: 'agent-a' },
    action: over.action ?? { name: 'create' },
    resource: over.resource ?? { type: 'erp', id: 'po/orders/1' },
    context: { credential: credential(), amount: 5_000, ...over.context },
  };
  return { type: 'authzen.evaluation', actor: over.actor ?? GATEWAY, body, ...(over.nonce === undefined ? {} : { nonce: over.nonce }) };
}

function enforcerWorld(): TestLedger {
  const l = world();
  l.must(s.register(s.ADMIN, GATEWAY, 'broker'));
  l.must(s.grantRole(s.ADMIN, GATEWAY, 'enforcer'));
  return l;
}

const spec = deciderSpecification(enforcerWorld);
const decisionOf = (e: RecordedEvent) => {
  const { request: _request, ...decision } = e.result as Record<string, unknown>;
  return decision;
};

describe('given an enforcer, when it asks for an agent with the agent’s credential', () => {
  test('then the decision is the agent’s own, recorded in actions-<agent>, with the request it read', () => {
    const t = spec.given();
    const e = t.when(evaluation({ nonce: 'gw-nonce-1' })).then({ type: 'action.authorized', stream: 'actions-agent-a' });
    const own = t.ledger.decide(s.act('agent-a', 'c-a'));
    expect(own.ok && decisionOf(e)).toEqual(own.ok && own.value.result);
    const requestId = authzenRequestId(GATEWAY, 'gw-nonce-1');
    expect((e.result as { request: unknown }).request).toEqual({
      requestId, agentId: 'agent-a', credentialId: 'c-a', action: 'create', resource: 'erp://po/orders/1', amount: 5_000, taskId: 'task-1',
    });
    expect(decisionRequestOf(e)).toMatchObject({ agentId: 'agent-a', enforcer: GATEWAY, requestId });
  });

  test('then a denial names the same reason and hop as the agent’s own request would', () => {
    spec.given(s.revokeDelegation(ALICE, 'd1')).when(evaluation()).then({ type: 'action.denied', result: { decision: 'denied', reason: 'delegation.revoked', hop: { kind: 'delegation', id: 'd1' } } });
    spec.given().when(evaluation({ context: { amount: 60_000 } })).then({ type: 'action.denied', result: { reason: 'condition.max_amount' } });
    spec.given().when(evaluation({ resource: { type: 'crm', id: 'customers/1' } })).then({ type: 'action.denied', result: { reason: 'capability.not_covered' } });
  });

  test('then the task defaults to the credential’s and may be named', () => {
    spec.given().when(evaluation({ context: { task: 'task-2' } })).then({ type: 'action.denied', result: { reason: 'credential.task_mismatch' } });
    spec.given().when(evaluation({ context: { credential: credential('c-a', 'task-9') } })).then({ type: 'action.denied', result: { reason: 'credential.task_mismatch' } });
  });

  test('then a credential of another agent is a key mismatch, an unknown one not found', () => {
    spec.given().when(evaluation({ subject: { type: 'agent', id: 'agent-b' } })).then({ type: 'action.denied', stream: 'actions-agent-b', result: { reason: 'credential.key_mismatch' } });
    spec.given().when(evaluation({ context: { credential: credential('ghost') } })).then({ type: 'action.denied', result: { reason: 'credential.not_found' } });
  });

  test('then a resource of type "uri" carries the whole URI', () => {
    const e = spec.given().when(evaluation({ resource: { type: 'uri', id: 'erp://po/orders/1' } })).then({ type: 'action.authorized' });
    expect(decisionRequestOf(e)?.resource).toBe('erp://po/orders/1');
  });
});

describe('the credential token must be one the ledger signed', () => {
  const invalid = { type: 'action.denied', stream: 'actions-agent-a', result: { decision: 'denied', reason: 'credential.invalid_token' } };

  test('a token with a bad signature, signed by another key, or naming an unknown kid is recorded as a denial', () => {
    const good = credential();
    const flipped = `${good.slice(0, -2)}${good.endsWith('A') ? 'B' : 'A'}A`;
    spec.given().when(evaluation({ context: { credential: flipped } })).then(invalid);
    spec.given().when(evaluation({ context: { credential: token({ jti: 'c-a', writ_task: { id: 'task-1' } }, GATEWAY, 'ledger') } })).then(invalid);
    spec.given().when(evaluation({ context: { credential: token({ jti: 'c-a' }, GATEWAY) } })).then(invalid);
  });

  test('a token signed before a ledger key rotation stays valid; one by the new key is valid too', () => {
    const rotated = (l: TestLedger) => void l.must(s.rotateLedgerKey(s.LEDGER, keyOf('ledger-2')));
    spec.given(rotated).when(evaluation()).then({ type: 'action.authorized' });
    spec.given(rotated).when(evaluation({ context: { credential: token({ jti: 'c-a', writ_task: { id: 'task-1' } }, 'ledger-2') } })).then({ type: 'action.authorized' });
  });
});

describe('refused, nothing recorded', () => {
  test('a principal without the enforcer role, or whose role was revoked, may not ask', () => {
    spec.given().when(evaluation({ actor: ALICE })).thenRefused('actor.not_authorized', 'actor');
    spec.given().when(evaluation({ actor: 'agent-a' })).thenRefused('actor.not_authorized', 'actor');
    spec.given(s.revokeRole(s.ADMIN, GATEWAY, 'enforcer')).when(evaluation()).thenRefused('actor.not_authorized', 'actor');
    spec.given(s.deactivate(s.ADMIN, GATEWAY)).when(evaluation()).thenRefused('principal.deactivated', 'actor');
  });

  test('an unknown field, a wrong type or a missing member, each with its path', () => {
    spec.given().when(evaluation({ subject: { type: 'agent', id: 'agent-a', role: 'x' } })).thenRefused('body.invalid', 'body.subject.role');
    spec.given().when(evaluation({ action: { name: 7 } })).thenRefused('body.invalid', 'body.action.name');
    spec.given().when(evaluation({ context: { amount: '5' } })).thenRefused('body.invalid', 'body.context.amount');
    spec.given().when(evaluation({ resource: { type: 'erp' } })).thenRefused('body.invalid', 'body.resource.id');
    spec.given().when(evaluation({ context: { credential: undefined } })).thenRefused('body.invalid', 'body.context.credential');
    spec.given().when(evaluation({ action: { name: 'create', properties: [] } })).thenRefused('body.invalid', 'body.action.properties');
    spec.given().when({ type: 'authzen.evaluation', actor: GATEWAY, body: { subject: { type: 'agent', id: 'agent-a' }, action: { name: 'create' }, resource: { type: 'erp', id: 'po/1' } } }).thenRefused('body.invalid', 'body.context');
  });

  test('a subject that is not an agent, a resource that is no concrete URI, an unknown agent', () => {
    spec.given().when(evaluation({ subject: { type: 'user', id: 'alice' } })).thenRefused('body.invalid', 'body.subject.type');
    spec.given().when(evaluation({ resource: { type: 'erp', id: 'po/*' } })).thenRefused('body.invalid', 'body.resource.id');
    spec.given().when(evaluation({ resource: { type: 'Not A Scheme', id: 'x' } })).thenRefused('body.invalid', 'body.resource.type');
    spec.given().when(evaluation({ subject: { type: 'agent', id: 'nobody' } })).thenRefused('agent.not_found', 'body.subject.id');
  });

  test('a replayed nonce is refused', () => {
    spec.given(evaluation({ nonce: 'gw-nonce-7' })).when(evaluation({ nonce: 'gw-nonce-7' })).thenRefused('statement.replayed', 'nonce');
  });
});

describe('approvals asked through AuthZEN', () => {
  const guarded = { resource: 'erp://po/**', actions: ['create'], conditions: { maxAmount: 50_000, approvalAbove: 10_000 } };
  const cc = () => token({ jti: 'c-c', client_id: 'agent-c', writ_task: { id: 'task-1' } });
  const approvalWorld = (l: TestLedger) => {
    l.must(s.grantRoot(ALICE, 'd9', 'agent-c', 'e-alice', { capabilities: [guarded] }));
    l.must(s.requestCredential('agent-c', 'c-c', 'd9'));
  };
  const big = (over: Record<string, unknown> = {}) => evaluation({ subject: { type: 'agent', id: 'agent-c' }, nonce: 'gw-big-1', context: { credential: cc(), amount: 20_000, ...over } });

  test('the approval is for the agent, with the derived request id, and usable once approved', () => {
    const t = spec.given(approvalWorld);
    const asked = t.when(big()).then({ type: 'approval.requested', stream: 'actions-agent-c' });
    const approvalId = authzenRequestId(GATEWAY, 'gw-big-1');
    expect(asked.result).toMatchObject({ approvalId, approvers: [ALICE, BOB] });
    expect(t.ledger.view.approval(approvalId)?.agentId).toBe('agent-c');
    t.ledger.must(s.approve(BOB, 'agent-c', approvalId));
    const used = evaluation({ subject: { type: 'agent', id: 'agent-c' }, context: { credential: cc(), amount: 20_000, approval_id: approvalId } });
    expect(t.ledger.must(used).type).toBe('action.authorized');
    expect(t.ledger.view.approval(approvalId)?.status).toBe('used');
  });
});

describe('re-deriving a recorded evaluation (writ verify)', () => {
  test('a forged allowed result for a revoked chain is refused; so is a token whose signature was replaced', () => {
    const l = enforcerWorld();
    l.must(s.revokeDelegation(ALICE, 'd1'));
    const statement = l.statement(evaluation());
    const honest = l.decide(statement);
    if (!honest.ok) throw new Error('refused');
    const { reason: _reason, hop: _hop, ...rest } = honest.value.result as Record<string, unknown>;
    const forged = { type: 'action.authorized', stream: 'actions-agent-a', statement, result: { ...rest, decision: 'allowed' }, recordedAt: l.recordedAt, hash: '0'.repeat(64), position: l.state.size } as unknown as RecordedEvent;
    const r = validate(l.view, forged, keyOf(GATEWAY));
    expect(r.ok ? 'valid' : r.problems[0].code).toBe('replay.type_mismatch');

    const [h, p] = credential().split('.');
    const replaced = l.decide({ ...statement, body: { ...(statement.body as object), context: { credential: `${h}.${p}.${toBase64Url(new Uint8Array(64))}`, amount: 5_000 } } });
    expect(replaced.ok && replaced.value.result).toMatchObject({ decision: 'denied', reason: 'credential.invalid_token' });
  });
});
