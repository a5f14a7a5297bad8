// Bounds on what one request may make the service do (graphql-limits.ts): refused before
// any resolver runs (so without a token too), with HTTP 400 because nothing was executed.
import { getIntrospectionQuery } from 'graphql';
import { GRAPHQL_LIMITS } from '../../src/interface/graphql/graphql-limits';
import { MAX_QUERY_DEPTH } from '../../src/interface/graphql/graphql.options';
import { ENVELOPE_COST } from '../../src/interface/graphql/types/recorded-event.type';
import { startApp, type TestApp } from './support/app';
import { FakeLedger } from './support/fake-ledger';
import { newKey, readToken } from './support/keys';

const EVENT_FIELDS = 'position stream revision type hash envelope';
let ledger: FakeLedger;
let api: TestApp;
const admin = newKey();

beforeAll(async () => {
  ledger = new FakeLedger();
  ledger.addReader('admin-1', admin.raw, ['admin']);
  api = await startApp(ledger);
});
afterAll(() => api.close());

test(`a query deeper than ${MAX_QUERY_DEPTH} levels is refused with query.too_deep`, async () => {
  const deep = '{ __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }';
  const { status, body } = await api.graphql(deep);
  expect(status).toBe(400);
  expect(body.data).toBeNull();
  expect(body.errors![0]!.extensions).toEqual({ code: 'query.too_deep', path: '', details: { depth: 11, max: MAX_QUERY_DEPTH }, requestId: expect.any(String) });
});

test('two full pages of a stream are refused with query.too_costly, and nothing is read', async () => {
  const spy = jest.spyOn(ledger, 'readStream');
  const query = `{ a: stream(name: "x", limit: 1000) { ${EVENT_FIELDS} } b: stream(name: "y", limit: 1000) { ${EVENT_FIELDS} } }`;
  const { status, body } = await api.graphql(query);
  expect(status).toBe(400);
  expect(body.errors![0]!.extensions).toEqual({ code: 'query.too_costly', path: '', details: { cost: 2 * (1 + 1000 * (5 + ENVELOPE_COST)), max: 20_000 }, requestId: expect.any(String) });
  expect(spy).not.toHaveBeenCalled();
});

test('a limit from a variable is counted at the largest page', async () => {
  const query = `query($n: Int!) { a: stream(name: "x", limit: $n) { ${EVENT_FIELDS} } b: stream(name: "y", limit: $n) { ${EVENT_FIELDS} } }`;
  const { body } = await api.graphql(query, { n: 1 });
  expect(body.errors![0]!.extensions['code']).toBe('query.too_costly');
});

test('one full page of a stream is within the bounds', async () => {
  const token = await readToken(admin, { iss: 'admin-1', aud: ledger.ledgerId });
  const { status, body } = await api.graphql(`{ stream(name: "ledger", limit: 1000) { ${EVENT_FIELDS} } }`, undefined, token);
  expect(status).toBe(200);
  expect(body.data!['stream']).toHaveLength(1);
});

test('the standard introspection query is accepted', async () => {
  const { status, body } = await api.graphql(getIntrospectionQuery());
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
});

test('a syntax error is refused with query.invalid', async () => {
  const { status, body } = await api.graphql('{ checkpoint { note ');
  expect(status).toBe(400);
  expect(body.errors![0]!.extensions).toEqual({ code: 'query.invalid', path: '', requestId: expect.any(String) });
});

test('an unknown field is refused with query.invalid', async () => {
  const { body } = await api.graphql('{ checkpoint { nope } }');
  expect(body.errors![0]!.extensions['code']).toBe('query.invalid');
});

// --- issue 17, items 1 and 11: limits that cover everything a request can do ---

const TYPE_ALIAS = '__type(name: "Query") { fields { name args { name } type { name } } }';

test("3,000 aliases of __type (236 KB) are refused before they are parsed, with query.too_large", async () => {
  const query = `{ ${Array.from({ length: 3000 }, (_, i) => `a${i}: ${TYPE_ALIAS}`).join(' ')} }`;
  const started = performance.now();
  const { status, body } = await api.graphql(query);
  expect(status).toBe(400);
  expect(body.errors![0]!.extensions).toMatchObject({ code: 'query.too_large', details: { max: GRAPHQL_LIMITS.maxBytes } });
  expect(performance.now() - started).toBeLessThan(1000); // it took 5 s to answer, stalling every other request
});

test('introspection is counted: asking for the schema ten times over is refused with query.too_costly', async () => {
  const copy = '__schema { types { name fields { name args { name type { name } } type { name ofType { name } } } } }';
  const query = `{ ${Array.from({ length: 10 }, (_, i) => `s${i}: ${copy}`).join(' ')} }`;
  const { status, body } = await api.graphql(query);
  expect(status).toBe(400);
  expect(body.errors![0]!.extensions).toEqual({
    code: 'query.too_costly',
    path: '',
    details: { introspection: GRAPHQL_LIMITS.cost.maxIntrospection! + 1, max: GRAPHQL_LIMITS.cost.maxIntrospection },
    requestId: expect.any(String),
  });
});

test('ofType nested past the standard introspection query counts towards the depth', async () => {
  const query = `{ __schema { types { fields { type { ${'ofType { '.repeat(20)}name${' }'.repeat(20)} } } } } }`;
  const { status, body } = await api.graphql(query);
  expect(status).toBe(400);
  expect(body.errors![0]!.extensions).toEqual({ code: 'query.too_deep', path: '', details: { depth: 4 + 20 - 9 + 1, max: MAX_QUERY_DEPTH }, requestId: expect.any(String) });
});

test('ofType nested 500 deep is refused before it is parsed', async () => {
  const query = `{ __schema { types { fields { type { ${'ofType { '.repeat(500)}name${' }'.repeat(500)} } } } } }`;
  const { status, body } = await api.graphql(query);
  expect(status).toBe(400);
  expect(body.errors![0]!.extensions).toEqual({ code: 'query.too_deep', path: '', details: { nesting: 33, max: 32 }, requestId: expect.any(String) });
});

test(`more than ${GRAPHQL_LIMITS.maxAliases} aliases are refused with query.too_many_aliases`, async () => {
  const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: checkpoint { treeSize }`).join(' ')} }`;
  expect((await api.graphql(aliases(GRAPHQL_LIMITS.maxAliases))).status).toBe(200);
  const { status, body } = await api.graphql(aliases(GRAPHQL_LIMITS.maxAliases + 1));
  expect(status).toBe(400);
  expect(body.errors![0]!.extensions).toEqual({
    code: 'query.too_many_aliases',
    path: '',
    details: { aliases: GRAPHQL_LIMITS.maxAliases + 1, max: GRAPHQL_LIMITS.maxAliases },
    requestId: expect.any(String),
  });
});

test('a document over the token or byte bound is refused with query.too_large; comments count', async () => {
  const tokens = await api.graphql(`{ checkpoint { treeSize } } ${'#\n'.repeat(GRAPHQL_LIMITS.maxTokens)}`);
  expect(tokens.body.errors![0]!.extensions).toEqual({ code: 'query.too_large', path: '', details: { max: GRAPHQL_LIMITS.maxTokens }, requestId: expect.any(String) });
  const bytes = await api.graphql(`{ checkpoint { treeSize } } #${'x'.repeat(GRAPHQL_LIMITS.maxBytes)}`);
  expect(bytes.body.errors![0]!.extensions).toMatchObject({ code: 'query.too_large', details: { max: GRAPHQL_LIMITS.maxBytes } });
});

test('an auditor may fetch a page of 1,000 decisions with every field in one query', async () => {
  const fields = 'leafIndex eventHash requestId agentId ownerId rootHumanId credentialId delegationId action resource amount outcome reason recordedAt chain';
  const query = `{ decisions(first: 1000) { edges { cursor node { ${fields} } } pageInfo { hasNextPage endCursor } } }`;
  const token = await readToken(admin, { iss: 'admin-1', aud: ledger.ledgerId });
  const { status, body } = await api.graphql(query, undefined, token);
  expect(status).toBe(200); // it was query.too_costly (13,005 with a dozen fields); this app has no read models to answer from
  expect(body.errors![0]!.extensions['code']).toBe('read_model.unavailable');
});
