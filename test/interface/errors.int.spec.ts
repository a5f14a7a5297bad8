// The one error formatter: every error leaves with a code from the closed union, faults
// are masked, and requests that never executed keep their HTTP status.
import { startApp, type TestApp } from './support/app';
import { FakeLedger } from './support/fake-ledger';

let ledger: FakeLedger;
let api: TestApp;

beforeAll(async () => {
  ledger = new FakeLedger();
  api = await startApp(ledger);
});
afterAll(() => api.close());
afterEach(() => jest.restoreAllMocks());

test('a variable of the wrong type is refused with query.invalid', async () => {
  const { status, body } = await api.graphql('query($i: Int!) { inclusionProof(leafIndex: $i) { proof } }', { i: 'one' });
  expect(status).toBe(400);
  expect(body.errors![0]!.extensions).toEqual({ code: 'query.invalid', path: '', requestId: expect.any(String) });
});

test('a fault inside the ledger is reported as internal.error without its message', async () => {
  jest.spyOn(ledger, 'latestCheckpoint').mockImplementation(() => {
    throw new Error('secret path /var/lib/writ is on fire');
  });
  const { status, body } = await api.graphql('{ checkpoint { note } }');
  expect(status).toBe(200);
  expect(body.errors).toEqual([expect.objectContaining({ message: 'internal error', extensions: { code: 'internal.error', path: '', requestId: expect.any(String) } })]);
  expect(JSON.stringify(body)).not.toContain('secret');
});

test('a refused field leaves the other fields of the operation intact', async () => {
  const { body } = await api.graphql('{ checkpoint { treeSize } inclusionProof(leafIndex: 99) { proof } }');
  expect(body.data).toEqual({ checkpoint: { treeSize: 3 }, inclusionProof: null });
  expect(body.errors![0]!.path).toEqual(['inclusionProof']);
});

test('malformed JSON in the request body is refused with query.invalid and HTTP 400', async () => {
  const response = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' });
  expect(response.status).toBe(400);
  const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
  expect(body.errors[0]!.extensions.code).toBe('query.invalid');
});

