// A query still running after the time budget is answered with request.timeout (503)
// while the service keeps serving other requests; a mutation is never cut short, since
// its outcome would then be unknown to the client.
import { GRAPHQL_LIMITS } from '../../src/interface/graphql/graphql-limits';
import { signedInput, startApp, type TestApp } from './support/app';
import { FakeLedger } from './support/fake-ledger';
import { newKey, readToken } from './support/keys';

const BUDGET_MS = 300;
let ledger: FakeLedger;
let api: TestApp;
const admin = newKey();

beforeAll(async () => {
  ledger = new FakeLedger();
  ledger.addReader('admin-1', admin.raw, ['admin']);
  api = await startApp(ledger, { ...GRAPHQL_LIMITS, queryTimeBudgetMs: BUDGET_MS });
});
afterAll(() => api.close());
afterEach(() => jest.restoreAllMocks());

/** A promise the test settles itself, standing for a read that waits. */
function stalled<T>(): { promise: Promise<T>; settle: (value: T) => void } {
  let settle!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (settle = resolve));
  return { promise, settle };
}

test('a query that waits past the budget is answered with request.timeout, and /healthz is served meanwhile', async () => {
  const read = stalled<readonly []>();
  jest.spyOn(ledger, 'readStream').mockReturnValue(read.promise);
  const token = await readToken(admin, { iss: 'admin-1', aud: ledger.ledgerId });
  const started = performance.now();
  const answer = api.graphql('{ stream(name: "ledger") { position } }', undefined, token);
  const health = await fetch(`${api.url}/healthz`);
  expect(health.status).toBe(200);
  expect(performance.now() - started).toBeLessThan(BUDGET_MS);
  const { status, body } = await answer;
  expect(performance.now() - started).toBeGreaterThanOrEqual(BUDGET_MS - 5);
  expect(status).toBe(503);
  expect(body).toEqual({
    data: null,
    errors: [{ message: `the query did not finish within ${BUDGET_MS} ms`, extensions: { code: 'request.timeout', path: '', details: { budgetMs: BUDGET_MS } } }],
  });
  read.settle([]); // the read ending late changes nothing for the client that was answered
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect((await api.graphql('{ checkpoint { treeSize } }')).status).toBe(200);
});

test('a query that finishes within the budget is answered as usual', async () => {
  const token = await readToken(admin, { iss: 'admin-1', aud: ledger.ledgerId });
  const { status, body } = await api.graphql('{ stream(name: "ledger") { position } }', undefined, token);
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  await new Promise((resolve) => setTimeout(resolve, BUDGET_MS + 50)); // no late answer follows
});

test('a mutation is not cut short: it answers with its receipt however long it takes', async () => {
  const submit = ledger.submit.bind(ledger);
  jest.spyOn(ledger, 'submit').mockImplementation(async (input, type) => {
    await new Promise((resolve) => setTimeout(resolve, BUDGET_MS * 2));
    return submit(input, type);
  });
  const query = 'mutation($input: SignedStatementInput!) { grantRole(input: $input) { leafIndex } }';
  const { status, body } = await api.graphql(query, { input: signedInput('{"slow":1}') });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(body.data!['grantRole']).toEqual({ leafIndex: expect.any(Number) });
});
