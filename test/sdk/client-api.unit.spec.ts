// What the client sends and returns for each operation, with an injected fetch.
import { createStatement, keysFromSeed, readTokenSource, sign, statements, WritClient, type SignedStatement } from '../../src/sdk';
import { buildFixture, LEDGER_ID } from './support/ledger-fixture';
import { SAMPLE_BODIES } from './support/sample-bodies';

interface Sent {
  url: string;
  headers: Record<string, string>;
  query: string;
  variables: Record<string, unknown>;
}

const fx = buildFixture(4);
const keys = keysFromSeed(new Uint8Array(32).fill(3));
const ctx = { ledgerId: LEDGER_ID, actor: 'agent-1' };

function fakeService(answers: unknown[]) {
  const sent: Sent[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    const body = JSON.parse(init.body as string) as { query: string; variables?: Record<string, unknown> };
    sent.push({ url, headers: init.headers as Record<string, string>, query: body.query, variables: body.variables ?? {} });
    return new Response(JSON.stringify(answers.shift()), { status: 200 });
  }) as typeof globalThis.fetch;
  return { sent, fetch };
}

const client = (fetch: typeof globalThis.fetch, extra: object = {}) => new WritClient({ url: 'http://writ.test:4000/', ledgerId: LEDGER_ID, fetch, ...extra });
const receipt = (i: number) => ({ ...fx.receipt(i), result: fx.receipt(i).result ?? null, replayed: false });

test.each(['http://writ.test:4000', 'http://writ.test:4000/', 'http://writ.test:4000/graphql'])('the endpoint of %s is /graphql', async (url) => {
  const s = fakeService([{ data: { checkpoint: { note: 'n', origin: 'o', treeSize: 1, rootHash: 'a'.repeat(64) } } }]);
  await new WritClient({ url, ledgerId: LEDGER_ID, fetch: s.fetch }).checkpoint();
  expect(s.sent[0]!.url).toBe('http://writ.test:4000/graphql');
});

test('the mutation is chosen from the statement type; an explicit one is used as given', async () => {
  const decided = { decision: 'allowed', chain: [], failedClosed: false, receipt: receipt(1) };
  const s = fakeService([{ data: { authorize: decided } }, { data: { suspendAgent: receipt(2) } }]);
  const c = client(s.fetch);
  const request = sign(statements.authorize(SAMPLE_BODIES.authorize, ctx), keys);
  expect(await c.submit(request)).toMatchObject({ ok: true, receipt: { leafIndex: 1 } });
  expect(s.sent[0]!.query).toMatch(/^mutation Authorize\(\$input: SignedStatementInput!\) \{ authorize\(input: \$input\)/);
  await c.submit(request, 'suspendAgent');
  expect(s.sent[1]!.query).toMatch(/suspendAgent\(input: \$input\)/);
  expect(s.sent.every((r) => r.headers.authorization === undefined)).toBe(true);
});

test('a statement for another ledger, or of a type no mutation takes, is refused before sending', async () => {
  const s = fakeService([]);
  const c = client(s.fetch);
  const foreign = sign(statements.suspendAgent({ agentId: 'a' }, { ...ctx, ledgerId: 'ledger-2' }), keys);
  expect(await c.submit(foreign)).toMatchObject({ ok: false, problems: [{ code: 'statement.wrong_ledger', path: 'statement' }] });
  const genesis = sign(createStatement({ ...ctx, type: 'ledger.genesis', body: {} }), keys);
  expect(await c.submit(genesis)).toMatchObject({ ok: false, problems: [{ code: 'statement.unknown_type' }] });
  expect(await c.submitBatch([sign(statements.resumeAgent({ agentId: 'a' }, ctx), keys), foreign])).toMatchObject({
    ok: false,
    problems: [{ code: 'statement.wrong_ledger', path: 'inputs[1].statement' }],
  });
  expect(s.sent).toHaveLength(0);
});

test('text that is not JSON is sent as is, for the service to refuse with its reasons', async () => {
  const s = fakeService([{ data: { reviewAgent: null }, errors: [{ message: 'no', extensions: { code: 'statement.not_canonical', path: '' } }] }]);
  const odd: SignedStatement = { statement: '{ not json', signature: 'x' };
  expect(await client(s.fetch).submit(odd, 'reviewAgent')).toMatchObject({ ok: false, problems: [{ code: 'statement.not_canonical' }] });
  expect(s.sent[0]!.variables).toEqual({ input: odd });
});

test('a batch answers each statement in order, accepted or refused', async () => {
  const items = [
    { receipt: receipt(0), replayed: false, errors: [] },
    { receipt: null, replayed: false, errors: [{ code: 'agent.not_found', message: 'no agent', path: 'body.agentId', details: null }] },
    { receipt: { ...receipt(3), replayed: true }, replayed: true, errors: [] },
  ];
  const s = fakeService([{ data: { submitStatements: items } }]);
  const batch = ['a', 'b', 'c'].map((agentId) => sign(statements.reviewAgent({ agentId }, ctx), keys));
  const result = await client(s.fetch).submitBatch(batch.map((b) => ({ ...b, extra: 1 }) as SignedStatement));
  expect(result).toEqual({
    ok: true,
    value: [
      { ok: true, receipt: fx.receipt(0), replayed: false },
      { ok: false, problems: [{ code: 'agent.not_found', message: 'no agent', path: 'body.agentId' }] },
      { ok: true, receipt: fx.receipt(3), replayed: true },
    ],
  });
  expect(s.sent[0]!.variables).toEqual({ inputs: batch });
});

test('a batch answer of the wrong length is a bad response', async () => {
  const s = fakeService([{ data: { submitStatements: [] } }]);
  const result = await client(s.fetch).submitBatch([sign(statements.resumeAgent({ agentId: 'a' }, ctx), keys)]);
  expect(result).toMatchObject({ ok: false, problems: [{ code: 'sdk.bad_response', path: 'submitStatements' }] });
});

test('public reads carry no token; event and stream carry a fresh bearer token', async () => {
  const event = { position: 2, stream: 'agent-agent-1', revision: 2, type: 'agent.reviewed', hash: fx.envelopes[2]!.hash, envelope: '{}' };
  const s = fakeService([
    { data: { inclusionProof: { leafIndex: 1, treeSize: 4, rootHash: 'b'.repeat(64), proof: ['c'.repeat(64)], extra: 1 } } },
    { data: { consistencyProof: { fromSize: 2, toSize: 4, fromRoot: 'b'.repeat(64), toRoot: 'd'.repeat(64), proof: [] } } },
    { data: { event } },
    { data: { event: null } },
    { data: { stream: [event, event] } },
  ]);
  const source = readTokenSource({ principalId: 'auditor-1', ledgerId: LEDGER_ID, seed: keys.seed });
  const c = client(s.fetch, { token: source });
  expect(await c.inclusionProof(1)).toEqual({ ok: true, value: { leafIndex: 1, treeSize: 4, rootHash: 'b'.repeat(64), proof: ['c'.repeat(64)] } });
  expect(await c.consistencyProof(2, 4)).toMatchObject({ ok: true, value: { fromSize: 2, toSize: 4 } });
  expect(await c.event(2)).toEqual({ ok: true, value: event });
  expect(await c.event(99)).toEqual({ ok: true, value: null });
  expect(await c.stream('agent-agent-1', { limit: 2 })).toEqual({ ok: true, value: [event, event] });
  expect(s.sent.map((r) => r.headers.authorization?.split(' ')[0])).toEqual([undefined, undefined, 'Bearer', 'Bearer', 'Bearer']);
  expect(s.sent[2]!.headers.authorization).toBe(`Bearer ${source()}`);
  expect(s.sent.map((r) => r.variables)).toEqual([{ leafIndex: 1 }, { fromSize: 2, toSize: 4 }, { position: 2 }, { position: 99 }, { name: 'agent-agent-1', limit: 2 }]);
});

test('a read answer of the wrong shape is a bad response at its path', async () => {
  const s = fakeService([{ data: { stream: [{ position: 1 }] } }, { data: { checkpoint: null } }]);
  const c = client(s.fetch, { token: 'static-token' });
  const stream = await c.stream('x');
  expect(stream.ok ? [] : stream.problems.map((p) => p.path)).toEqual(['stream[0].stream', 'stream[0].revision', 'stream[0].type', 'stream[0].hash', 'stream[0].envelope']);
  expect(s.sent[0]!.headers.authorization).toBe('Bearer static-token');
  expect(await c.checkpoint()).toMatchObject({ ok: false, problems: [{ code: 'sdk.bad_response', path: 'checkpoint' }] });
});

test('an authentication refusal on a read comes back as its problem', async () => {
  const s = fakeService([{ data: { event: null }, errors: [{ message: 'no token', extensions: { code: 'auth.missing_token', path: '' } }] }]);
  expect(await client(s.fetch).event(0)).toMatchObject({ ok: false, problems: [{ code: 'auth.missing_token' }] });
});
