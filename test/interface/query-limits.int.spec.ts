// Depth and cost bounds on the served schema: refused before any resolver runs (so
// without a token too), with HTTP 400 because nothing was executed.
import { getIntrospectionQuery } from 'graphql';
import { MAX_QUERY_DEPTH } from '../../src/interface/graphql/graphql.options';
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
  expect(body.errors![0]!.extensions).toEqual({ code: 'query.too_costly', path: '', details: { cost: 12002, max: 10000 }, requestId: expect.any(String) });
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
