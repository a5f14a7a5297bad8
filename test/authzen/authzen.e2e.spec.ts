// The AuthZEN Authorization API 1.0 against the real service over HTTP: a gateway (a
// principal holding the enforcer role) asks with the specification's payload shapes,
// signed per docs/authzen.md; the same questions through GraphQL `authorize` (signed
// by the agent) get the same decisions; bad requests are answered with the
// specification's errors carrying Writ's code and path, and append nothing; and
// `writ verify` re-derives the recorded evaluations and refuses forged ones.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AuthzenClient, authzenRequest, authzenResource, generateKeys, readToken, type AuthzenEvaluation, type AuthzenEvaluations } from '../../src/sdk';
import type { Statement } from '../../src/integrity/statement';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { authzenRequestId } from '../../src/domain';
import { startService, type ServiceProcess } from '../support/service-process';
import { party, ServiceWorld, type Party } from '../authorization/support/service-world';
import { copyLedger, forgeAppend, writ, type Report } from '../cli/cli-support';

installNodeSha256();

let service: ServiceProcess;
let w: ServiceWorld;
let gateway: Party;
let credential: string;
let credentialId: string;

beforeAll(async () => {
  service = await startService({ env: { WRIT_DURABILITY: 'normal', WRIT_CHECKPOINT_INTERVAL_MS: '3600000' } });
  w = new ServiceWorld(service);
  await w.procurement();
  gateway = party('gateway');
  await w.must(w.admin, 'registerPrincipal', { principalId: gateway.id, kind: 'broker', name: 'API gateway', publicKey: gateway.keys.publicKeyBase64Url });
  await w.must(w.admin, 'grantRole', { principalId: gateway.id, role: 'enforcer' });
  const issued = await w.client.requestCredential(w.signed(w.agent, 'requestCredential', { credentialId: `c-${w.agent.id}`, delegationId: w.dProc, task: { id: 'restock' }, ttlSeconds: 3600 }));
  if (!issued.ok) throw new Error(JSON.stringify(issued.problems));
  credential = issued.value.credential.token;
  credentialId = issued.value.credential.credentialId;
}, 90_000);

afterAll(async () => {
  await service?.stop();
  rmSync(dirname(service.dataDir), { recursive: true, force: true });
});

interface Ask {
  readonly action: string;
  readonly resource: string;
  readonly amount: number;
}

/** The questions both doors are asked, and what Writ decides. */
const CASES: readonly (Ask & { readonly name: string; readonly expected: [boolean, string, string | undefined] })[] = [
  { name: 'a small order', action: 'create', resource: 'erp://po/orders/a1', amount: 500, expected: [true, 'allowed', undefined] },
  { name: 'an order above maxAmount', action: 'create', resource: 'erp://po/orders/a2', amount: 60_000, expected: [false, 'denied', 'condition.max_amount'] },
  { name: 'an order above approvalAbove', action: 'create', resource: 'erp://po/orders/a3', amount: 20_000, expected: [false, 'approval_required', 'condition.approval_required'] },
  { name: 'an action outside the credential', action: 'delete', resource: 'erp://po/orders/a4', amount: 0, expected: [false, 'denied', 'capability.not_covered'] },
  { name: 'a vendor lookup', action: 'read', resource: 'erp://po/vendors/acme', amount: 0, expected: [true, 'allowed', undefined] },
];

const evaluation = (a: Ask): AuthzenEvaluation => ({
  subject: { type: 'agent', id: w.agent.id },
  action: { name: a.action },
  resource: authzenResource(a.resource),
  context: { credential, amount: a.amount },
});

const signer = (by: Party = gateway) => ({ ledgerId: service.ledgerId, actor: by.id, keys: by.keys });

async function post(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; headers: Headers; json: any }> {
  const response = await fetch(`${service.url}${path}`, { method: 'POST', headers, body });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

async function treeSize(): Promise<number> {
  return ((await (await fetch(`${service.url}/healthz`)).json()) as { treeSize: number }).treeSize;
}

/** What the AuthZEN door answered per case, compared with GraphQL below. */
const viaAuthzen = new Map<string, [boolean, string, string | undefined]>();
const leafOf = new Map<string, number>();
const triple = (d: { decision: boolean; context?: any }): [boolean, string, string | undefined] => [d.decision, d.context?.decision, d.context?.reason_code];

describe('the specification’s payloads over plain HTTP', () => {
  test('the PDP metadata names both evaluation endpoints and no search endpoint', async () => {
    const response = await fetch(`${service.url}/.well-known/authzen-configuration`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      policy_decision_point: service.url,
      access_evaluation_endpoint: `${service.url}/access/v1/evaluation`,
      access_evaluations_endpoint: `${service.url}/access/v1/evaluations`,
    });
  });

  test.each(CASES.map((c) => [c.name, c] as const))('access evaluation: %s', async (_name, c) => {
    const before = await treeSize();
    const { body, headers } = authzenRequest(evaluation(c), signer());
    const answer = await post('/access/v1/evaluation', body, { ...headers, 'x-request-id': `req-${c.name}` });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toBe(`req-${c.name}`);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(triple(answer.json)).toEqual(c.expected);
    expect(answer.json.context.chain.length).toBeGreaterThan(0);
    expect(answer.json.context.receipt).toMatchObject({ stream: `actions-${w.agent.id}`, leafIndex: before });
    if (c.expected[2] !== undefined) expect(answer.json.context.reason).toMatchObject({ id: c.expected[2], reason_admin: { en: expect.any(String) } });
    expect(await treeSize()).toBe(before + 1);
    viaAuthzen.set(c.name, triple(answer.json));
    leafOf.set(c.name, answer.json.context.receipt.leafIndex);
  });

  test('the read model names the enforcer that asked, and the request the ledger read', async () => {
    const token = readToken({ principalId: w.admin.id, ledgerId: service.ledgerId, seed: w.admin.keys.seed });
    const query = 'query($i: Int!) { decision(leafIndex: $i, atLeast: $i) { enforcer agentId action resource amount outcome reason credentialId } }';
    const response = await fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables: { i: leafOf.get(CASES[1]!.name) } }) });
    const body = (await response.json()) as { data: { decision: Record<string, unknown> } };
    expect(body.data.decision).toEqual({ enforcer: gateway.id, agentId: w.agent.id, action: 'create', resource: 'erp://po/orders/a2', amount: 60_000, outcome: 'denied', reason: 'condition.max_amount', credentialId });
  });

  const batch = (semantic: AuthzenEvaluations['options'], ...entries: Partial<AuthzenEvaluation>[]): AuthzenEvaluations => ({
    subject: { type: 'agent', id: w.agent.id },
    action: { name: 'create' },
    context: { credential, amount: 500 },
    evaluations: entries,
    ...(semantic === undefined ? {} : { options: semantic }),
  });

  test('access evaluations: top-level defaults, entries that override them, answers in request order (execute_all)', async () => {
    const before = await treeSize();
    const request = batch(undefined,
      { resource: authzenResource('erp://po/orders/b1') },
      { resource: authzenResource('erp://po/vendors/acme'), action: { name: 'read' } },
      { resource: { type: 'uri', id: 'erp://po/orders/b3' }, action: { name: 'delete' } });
    const { body, headers } = authzenRequest(request, signer());
    const answer = await post('/access/v1/evaluations', body, headers);
    expect(answer.status).toBe(200);
    expect(answer.json.evaluations.map(triple)).toEqual([[true, 'allowed', undefined], [true, 'allowed', undefined], [false, 'denied', 'capability.not_covered']]);
    expect(await treeSize()).toBe(before + 3);
  });

  test('deny_on_first_deny stops after the first denial; permit_on_first_permit after the first permit', async () => {
    const before = await treeSize();
    const deny = batch({ evaluations_semantic: 'deny_on_first_deny' },
      { resource: authzenResource('erp://po/orders/b4') }, { resource: authzenResource('erp://po/orders/b5'), action: { name: 'delete' } }, { resource: authzenResource('erp://po/orders/b6') });
    const denied = await post('/access/v1/evaluations', ...bodyAndHeaders(deny));
    expect(denied.json.evaluations.map(triple)).toEqual([[true, 'allowed', undefined], [false, 'denied', 'capability.not_covered']]);
    const permit = batch({ evaluations_semantic: 'permit_on_first_permit' },
      { resource: authzenResource('erp://po/orders/b7'), action: { name: 'delete' } }, { resource: authzenResource('erp://po/orders/b8') }, { resource: authzenResource('erp://po/orders/b9') });
    const permitted = await post('/access/v1/evaluations', ...bodyAndHeaders(permit));
    expect(permitted.json.evaluations.map(triple)).toEqual([[false, 'denied', 'capability.not_covered'], [true, 'allowed', undefined]]);
    expect(await treeSize()).toBe(before + 4);
  });

  test('without evaluations, /evaluations answers like /evaluation; the SDK client gives the same', async () => {
    const single = await post('/access/v1/evaluations', ...bodyAndHeaders(evaluation(CASES[0]!)));
    expect(triple(single.json)).toEqual(CASES[0]!.expected);
    const client = new AuthzenClient({ url: service.url, ledgerId: service.ledgerId, enforcer: gateway });
    const one = await client.evaluate(evaluation(CASES[1]!));
    expect(one.ok && triple(one.value)).toEqual(CASES[1]!.expected);
    const many = await client.evaluations(batch(undefined, { resource: authzenResource('erp://po/orders/c1') }));
    expect(many.ok && many.value.map(triple)).toEqual([[true, 'allowed', undefined]]);
    const refusedByClient = await new AuthzenClient({ url: service.url, ledgerId: service.ledgerId, enforcer: w.hana }).evaluate(evaluation(CASES[0]!));
    expect(refusedByClient).toMatchObject({ ok: false, problems: [{ code: 'actor.not_authorized', details: { status: 403 } }] });
  });
});

function bodyAndHeaders(request: AuthzenEvaluation | AuthzenEvaluations, by: Party = gateway): [string, Record<string, string>] {
  const { body, headers } = authzenRequest(request, signer(by));
  return [body, { ...headers }];
}

describe('the other door', () => {
test('the same questions through GraphQL authorize (signed by the agent) get the same decisions', async () => {
  expect(viaAuthzen.size).toBe(CASES.length);
  for (const c of CASES) {
    const signed = w.signed(w.agent, 'authorize', { requestId: `gql-${randomUUID()}`, credentialId, action: c.action, resource: c.resource, amount: c.amount, taskId: 'restock' });
    const answer = await w.client.authorize(signed);
    if (!answer.ok) throw new Error(JSON.stringify(answer.problems));
    expect([answer.value.decision === 'allowed', answer.value.decision, answer.value.reason ?? undefined]).toEqual(viaAuthzen.get(c.name));
  }
});
});

describe('bad requests: the specification’s error answers with Writ’s code and path, nothing appended', () => {
  const good = () => evaluation(CASES[0]!);

  async function refused(path: string, body: string, headers: Record<string, string>, status: number, code: string, at?: string): Promise<void> {
    const before = await treeSize();
    const answer = await post(path, body, { ...headers, 'x-request-id': 'bad-1' });
    expect({ status: answer.status, code: answer.json.code }).toEqual({ status, code });
    expect(typeof answer.json.error).toBe('string');
    if (at !== undefined) expect(answer.json.path).toBe(at);
    expect(answer.headers.get('x-request-id')).toBe('bad-1');
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await treeSize()).toBe(before);
  }

  test('an unknown field, a wrong type, a missing member, malformed JSON, an unsupported subject', async () => {
    const withField = { ...good(), extra: true } as unknown as AuthzenEvaluation;
    await refused('/access/v1/evaluation', ...bodyAndHeaders(withField), 400, 'body.invalid', 'extra');
    await refused('/access/v1/evaluation', ...bodyAndHeaders({ ...good(), subject: { type: 'agent', id: w.agent.id, role: 'x' } as never }), 400, 'body.invalid', 'subject.role');
    await refused('/access/v1/evaluation', ...bodyAndHeaders({ ...good(), action: { name: 7 } as never }), 400, 'body.invalid', 'action.name');
    const { resource: _resource, ...noResource } = good();
    await refused('/access/v1/evaluation', ...bodyAndHeaders(noResource as never), 400, 'body.invalid', 'resource');
    await refused('/access/v1/evaluation', ...bodyAndHeaders({ ...good(), subject: { type: 'user', id: 'alice@acmecorp.com' } }), 400, 'body.invalid', 'subject.type');
    const [body, headers] = bodyAndHeaders(good());
    await refused('/access/v1/evaluation', body.replace('{', '{"action":{"name":"read"},'), headers, 400, 'json.duplicate_key');
    await refused('/access/v1/evaluation', '{"subject":', headers, 400, 'json.syntax');
    await refused('/access/v1/evaluations', ...bodyAndHeaders({ ...good(), evaluations: [{ resource: { type: 'erp', id: 'po/1' }, colour: 'red' }] } as never), 400, 'body.invalid', 'evaluations[0].colour');
    await refused('/access/v1/evaluations', ...bodyAndHeaders({ ...good(), evaluations: [{}], options: { evaluations_semantic: 'first_wins' } } as never), 400, 'body.invalid', 'options.evaluations_semantic');
  });

  test('no signature, a bad signature, a principal that is not an enforcer, a replay', async () => {
    const [body, headers] = bodyAndHeaders(good());
    await refused('/access/v1/evaluation', body, { 'content-type': 'application/json' }, 401, 'authzen.missing_signature', 'header.authorization');
    const forged = authzenRequest(good(), { ...signer(), keys: generateKeys() });
    await refused('/access/v1/evaluation', forged.body, { ...forged.headers }, 401, 'statement.bad_signature');
    await refused('/access/v1/evaluation', ...bodyAndHeaders(good(), w.hana), 403, 'actor.not_authorized');
    const once = await post('/access/v1/evaluation', body, headers);
    expect(once.status).toBe(200);
    await refused('/access/v1/evaluation', body, headers, 401, 'statement.replayed');
  });

  test('a batch is refused as a whole when one signature is bad or the signer is no enforcer', async () => {
    const request: AuthzenEvaluations = { ...good(), evaluations: [{}, { resource: authzenResource('erp://po/orders/z2') }] };
    const { body, headers } = authzenRequest(request, signer());
    const other = authzenRequest(request, { ...signer(), keys: generateKeys(), nonce: /nonce="([^"]+)"/.exec(headers.authorization!)![1], issuedAt: /issued-at="([^"]+)"/.exec(headers.authorization!)![1] });
    const mixed = headers.authorization!.replace(/signature="([^,]+),[^"]+"/, (_m, first: string) => `signature="${first},${/signature="[^,]+,([^"]+)"/.exec(other.headers.authorization!)![1]}"`);
    await refused('/access/v1/evaluations', body, { ...headers, authorization: mixed }, 401, 'statement.bad_signature', 'header.authorization.signature[1]');
    await refused('/access/v1/evaluations', ...bodyAndHeaders(request, w.hana), 403, 'actor.not_authorized', 'header.authorization.actor');
  });
});

describe('writ verify re-derives AuthZEN decisions', () => {
  function verify(dir: string): { code: number | null; report: Report } {
    const run = writ('verify', '--store', dir, '--json', '--key', service.verifierKey);
    return { code: run.code, report: run.json<Report>() };
  }

  const statementOf = (body: object): Statement => ({
    v: 1, ledgerId: service.ledgerId, type: 'authzen.evaluation', actor: gateway.id, nonce: randomUUID(), issuedAt: new Date().toISOString(), body,
  });
  const gatewayActor = () => ({ id: gateway.id, seed: gateway.keys.seed, publicKey: gateway.keys.publicKeyBase64Url });

  /** Appends `body` as the gateway's evaluation, recorded with `result` (its request id fixed up). */
  function forge(dir: string, body: AuthzenEvaluation, type: string, result: any): number {
    const statement = statementOf(body);
    const fixed = { ...result, request: { ...result.request, requestId: authzenRequestId(gateway.id, statement.nonce) } };
    return forgeAppend(dir, gatewayActor(), statement, type, `actions-${w.agent.id}`, fixed);
  }

  test('the record verifies; an allowed result for a token with a bad signature, or for a revoked chain, is refused at its position', async () => {
    const asked = evaluation(CASES[0]!);
    const honest = await post('/access/v1/evaluation', ...bodyAndHeaders(asked));
    expect(honest.json.decision).toBe(true);
    // Copied into this realm: fetch's objects come from another one, which the canonicalizer refuses.
    const allowedResult = JSON.parse(JSON.stringify(honest.json.context.receipt.result));
    await service.stop();
    expect(verify(service.dataDir)).toMatchObject({ code: 0, report: { ok: true } });

    // The control: the same forgery with the real token is what the rules derive.
    const control = copyLedger(service.dataDir);
    forge(control, asked, 'action.authorized', allowedResult);
    expect(verify(control)).toMatchObject({ code: 0, report: { ok: true } });

    const [h, p] = credential.split('.');
    const badToken = { ...asked, context: { ...asked.context, credential: `${h}.${p}.${'A'.repeat(86)}` } };
    const bad = copyLedger(service.dataDir);
    const at = forge(bad, badToken, 'action.authorized', allowedResult);
    const r1 = verify(bad);
    expect(r1.code).toBe(1);
    expect(r1.report.findings[0]).toMatchObject({ position: at, code: 'replay.type_mismatch' });

    service = await service.restart({ env: { WRIT_CHECKPOINT_INTERVAL_MS: '3600000' } });
    w.moveTo(service);
    await w.must(w.hana, 'revokeDelegation', { delegationId: w.dProc, reason: 'done' });
    await new Promise((r) => setTimeout(r, 300));
    await service.stop();
    const revoked = copyLedger(service.dataDir);
    const at2 = forge(revoked, asked, 'action.authorized', allowedResult);
    const r2 = verify(revoked);
    expect(r2.code).toBe(1);
    expect(r2.report.findings[0]).toMatchObject({ position: at2, code: 'replay.type_mismatch' });
  }, 90_000);
});
