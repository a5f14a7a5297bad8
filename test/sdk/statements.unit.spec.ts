// Building and signing statements, and the one table of mutations and statement types.
import { STATEMENT_TYPES } from '../../src/domain/catalogue';
import { actionHandlers } from '../../src/domain/action/action.decide';
import { agentHandlers } from '../../src/domain/agent/agent.decide';
import { credentialHandlers } from '../../src/domain/credential/credential.decide';
import { delegationHandlers } from '../../src/domain/delegation/delegation.decide';
import { containmentHandlers } from '../../src/domain/behaviour/containment';
import { ledgerHandlers } from '../../src/domain/ledger/ledger.decide';
import { principalHandlers } from '../../src/domain/principal/principal.decide';
import { STATEMENT_MUTATIONS } from '../../src/interface/graphql/statement-mutations';
import { checkPublicKey, nobleVerifier } from '../../src/integrity/ed25519';
import { parseStatement, verifyStatementSignature } from '../../src/integrity/statement';
import {
  canonicalStatement,
  createStatement,
  keysFromSeed,
  mutationFor,
  MUTATIONS,
  sign,
  statements,
  type BodyOf,
  type MutationName,
  type SubmittableType,
} from '../../src/sdk';
import { SAMPLE_BODIES } from './support/sample-bodies';

const keys = keysFromSeed(new Uint8Array(32).fill(1));
const ctx = { ledgerId: 'ledger-1', actor: 'human-1' };
const handlers: Record<string, { parse: (b: unknown) => { ok: boolean } }> = {
  ...principalHandlers,
  ...agentHandlers,
  ...delegationHandlers,
  ...credentialHandlers,
  ...actionHandlers,
  ...ledgerHandlers,
  ...containmentHandlers,
};

// Compile-time: the body map covers exactly the submittable types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const bodyMapCoversTable: Same<keyof BodyOf, SubmittableType> = true;

test('the table holds every statement type a client signs, and only those', () => {
  // authzen.evaluation is signed by an enforcer but sent over the AuthZEN HTTP API
  // (authzenRequest in the SDK), not through a GraphQL mutation.
  const ledgerOwn = ['ledger.genesis', 'checkpoint.recorded', 'authzen.evaluation'];
  expect(bodyMapCoversTable).toBe(true);
  expect(Object.values(MUTATIONS).sort()).toEqual(STATEMENT_TYPES.filter((t) => !ledgerOwn.includes(t)).sort());
});

test("the table names the server's mutations exactly", () => {
  const server = Object.fromEntries(STATEMENT_MUTATIONS.map((m) => [m.mutation, m.statementType]));
  expect(MUTATIONS).toEqual(server);
});

test.each(Object.keys(MUTATIONS) as MutationName[])('statements.%s builds its type with a body the domain accepts', (mutation) => {
  const statement = (statements[mutation] as (b: unknown, c: typeof ctx) => { type: string; body: unknown })(SAMPLE_BODIES[mutation], ctx);
  expect(statement.type).toBe(MUTATIONS[mutation]);
  expect(mutationFor(statement.type)).toBe(mutation);
  expect(handlers[statement.type]!.parse(statement.body)).toMatchObject({ ok: true });
});

test('mutationFor knows no mutation for the ledger own statements', () => {
  expect(mutationFor('ledger.genesis')).toBeUndefined();
  expect(mutationFor('action.authorized')).toBeUndefined();
});

test('createStatement fills a UUIDv7 nonce and the current time, and keeps given ones', () => {
  const before = Date.now();
  const s = createStatement({ ...ctx, type: 'agent.suspended', body: { agentId: 'a' } });
  expect(s).toMatchObject({ v: 1, ledgerId: 'ledger-1', actor: 'human-1', type: 'agent.suspended' });
  expect(s.nonce).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(s.issuedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  expect(Date.parse(s.issuedAt)).toBeGreaterThanOrEqual(before - 1);
  const fixed = statements.suspendAgent({ agentId: 'a' }, { ...ctx, nonce: 'nonce-123', issuedAt: '2026-11-24T10:00:00.000Z' });
  expect([fixed.nonce, fixed.issuedAt]).toEqual(['nonce-123', '2026-11-24T10:00:00.000Z']);
  expect(createStatement({ ...ctx, type: 'x.y', body: {} }).nonce).not.toBe(s.nonce);
});

test('sign gives canonical text the server parses and a signature under the actor key', () => {
  const statement = statements.grantDelegation(SAMPLE_BODIES.grantDelegation, ctx);
  const signed = sign(statement, keys);
  expect(signed.statement).toBe(canonicalStatement(statement));
  expect(parseStatement(signed.statement, 'ledger-1')).toMatchObject({ ok: true, value: { statement } });
  const key = checkPublicKey(keys.publicKey);
  expect(key.ok && verifyStatementSignature(nobleVerifier, key.value, signed.statement, signed.signature)).toBe(true);
  expect(sign(statement, keys.seed)).toEqual(signed);
});

test('optional members left undefined are dropped at any depth, not signed as something else', () => {
  const s = statements.requestCredential(
    { credentialId: 'c', delegationId: 'd', task: { id: 't', description: undefined }, ttlSeconds: undefined },
    ctx,
  );
  expect(s.body).toEqual({ credentialId: 'c', delegationId: 'd', task: { id: 't' } });
  expect(canonicalStatement(s)).toContain('"body":{"credentialId":"c","delegationId":"d","task":{"id":"t"}}');
});

test('an undefined array element is refused when signing, not dropped', () => {
  const s = createStatement({ ...ctx, type: 'x.y', body: { list: [1, undefined, 3] } });
  expect(() => sign(s, keys)).toThrow(/list\[1\]/);
});
