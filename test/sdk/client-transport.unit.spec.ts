// The client's transport against a local server: retries of transient failures resend
// the same signed bytes, refusals come back as coded problems without a retry, and
// whatever the service answers is checked before it is returned as typed data. Every
// test runs over both transports: the global fetch and nodeHttpFetch (writ/sdk/node).
import { keysFromSeed, sign, statements, verifyReceipt, WritClient, type FetchLike, type WritClientOptions } from '../../src/sdk';
import { nodeHttpFetch } from '../../src/sdk/node';
import { buildFixture, LEDGER_ID, ORIGIN } from './support/ledger-fixture';
import { startStub, type Reply, type Stub } from './support/http-stub';
import { SAMPLE_BODIES } from './support/sample-bodies';

const fx = buildFixture(6);
const keys = keysFromSeed(new Uint8Array(32).fill(2));
const signed = sign(statements.grantDelegation(SAMPLE_BODIES.grantDelegation, { ledgerId: LEDGER_ID, actor: 'human-1' }), keys);
const receiptOf = (i: number, replayed = false) => ({ ...fx.receipt(i), result: fx.receipt(i).result ?? null, replayed });
const ok = (field: string, value: unknown): Reply => ({ status: 200, json: { data: { [field]: value } } });
const refusal = (field: string, code: string, status = 200): Reply => ({
  status,
  json: { data: { [field]: null }, errors: [{ message: 'refused', path: [field], extensions: { code, path: 'body', details: { why: 1 } } }] },
});

let server: Stub | undefined;
let transport: FetchLike | undefined;
async function clientWith(replies: Reply[], options: Partial<WritClientOptions> = {}) {
  server = await startStub(replies);
  return new WritClient({ url: server.url, ledgerId: LEDGER_ID, retries: 2, retryDelayMs: 1, timeoutMs: 2_000, fetch: transport, ...options });
}
afterEach(async () => {
  await server?.close();
  server = undefined;
});


describe.each([
  ['the global fetch', () => undefined],
  ['nodeHttpFetch', () => nodeHttpFetch({ maxSockets: 4 })],
])('over %s', (_name, make: () => FetchLike | undefined) => {
  beforeAll(() => {
    transport = make();
  });

  test('a 503 then a receipt: retried with the very same bytes, and the receipt verifies offline', async () => {
    const client = await clientWith([{ status: 503, text: 'busy' }, ok('grantDelegation', receiptOf(3))]);
    const result = await client.submit(signed);
    expect(result).toEqual({ ok: true, receipt: fx.receipt(3), replayed: false });
    expect(server!.requests).toHaveLength(2);
    expect(server!.requests[1]!.raw).toBe(server!.requests[0]!.raw);
    expect(server!.requests[0]!.url).toBe('/graphql');
    expect(server!.requests[0]!.body.variables).toEqual({ input: { statement: signed.statement, signature: signed.signature } });
    expect(server!.requests[0]!.body.query).toMatch(/grantDelegation\(input: \$input\)/);
    expect(result.ok && verifyReceipt(result.receipt, fx.ledgerKey, { origin: ORIGIN }).ok).toBe(true);
  });

  test('a dropped connection, then the answer of a replay', async () => {
    const client = await clientWith(['drop', ok('grantDelegation', receiptOf(2, true))]);
    expect(await client.submit(signed)).toMatchObject({ ok: true, replayed: true, receipt: { leafIndex: 2 } });
    expect(server!.requests).toHaveLength(2);
  });

  test('a timed-out attempt is retried', async () => {
    const slow: Reply = { status: 200, json: { data: { grantDelegation: receiptOf(1) } }, delayMs: 500 };
    const client = await clientWith([slow, ok('grantDelegation', receiptOf(1))], { timeoutMs: 100 });
    expect(await client.submit(signed)).toMatchObject({ ok: true });
    expect(server!.requests).toHaveLength(2);
  });

  test('when every attempt fails, the last failure is reported with the number of attempts', async () => {
    const client = await clientWith([{ status: 503 }, { status: 502 }, { status: 500 }, ok('grantDelegation', receiptOf(1))]);
    const result = await client.submit(signed);
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'sdk.http_error', details: { attempts: 3 } }] });
    expect(server!.requests).toHaveLength(3);
  });

  test('an unreachable service is a network error', async () => {
    const client = await clientWith([]);
    await server!.close();
    expect(await client.submit(signed)).toMatchObject({ ok: false, problems: [{ code: 'sdk.network_error' }] });
  });

  test('a refusal is returned with every problem, and not retried', async () => {
    const problems = [
      { code: 'delegation.not_attenuated', message: 'wider', path: 'body.capabilities[0].resource' },
      { code: 'delegation.window_outside_parent', message: 'later', path: 'body.notAfter', details: { parent: 'x' } },
    ];
    const reply: Reply = { status: 200, json: { data: { grantDelegation: null }, errors: [{ message: 'wider', extensions: { ...problems[0], problems } }] } };
    const client = await clientWith([reply]);
    expect(await client.submit(signed)).toEqual({ ok: false, problems });
    expect(server!.requests).toHaveLength(1);
  });

  test('a coded refusal in a 5xx answer is not retried either', async () => {
    const client = await clientWith([refusal('grantDelegation', 'actor.not_authorized', 500)]);
    expect(await client.submit(signed)).toMatchObject({ ok: false, problems: [{ code: 'actor.not_authorized', path: 'body', details: { why: 1 } }] });
    expect(server!.requests).toHaveLength(1);
  });

  test('an answer saying the store was unavailable is retried', async () => {
    const client = await clientWith([refusal('grantDelegation', 'store.unavailable'), ok('grantDelegation', receiptOf(0))]);
    expect(await client.submit(signed)).toMatchObject({ ok: true, receipt: { leafIndex: 0 } });
    expect(server!.requests).toHaveLength(2);
  });

  test('a code this SDK does not know keeps its text in details', async () => {
    const client = await clientWith([refusal('grantDelegation', 'delegation.from_the_future')]);
    expect(await client.submit(signed)).toMatchObject({
      ok: false,
      problems: [{ code: 'sdk.unknown_code', details: { why: 1, code: 'delegation.from_the_future' } }],
    });
  });

  test('a 4xx without a GraphQL body is an HTTP error, not retried', async () => {
    const client = await clientWith([{ status: 413, text: 'too large' }]);
    expect(await client.submit(signed)).toMatchObject({ ok: false, problems: [{ code: 'sdk.http_error', details: { status: 413 } }] });
    expect(server!.requests).toHaveLength(1);
  });

  test('a 4xx with GraphQL errors (a request the server refused) is returned as problems', async () => {
    const client = await clientWith([{ status: 400, json: { data: null, errors: [{ message: 'Cannot query field', extensions: { code: 'query.invalid', path: '' } }] } }]);
    expect(await client.submit(signed)).toMatchObject({ ok: false, problems: [{ code: 'query.invalid' }] });
  });

  test('a receipt with missing or mistyped fields is a bad response, every field named', async () => {
    const { checkpoint: _c, ...partial } = receiptOf(1);
    const client = await clientWith([ok('grantDelegation', { ...partial, leafIndex: '1' })]);
    const result = await client.submit(signed);
    expect(result.ok ? [] : result.problems.map((p) => `${p.code}@${p.path}`)).toEqual([
      'sdk.bad_response@grantDelegation.leafIndex',
      'sdk.bad_response@grantDelegation.checkpoint',
    ]);
  });

  test('a 200 that is not GraphQL JSON is a bad response', async () => {
    const client = await clientWith([{ status: 200, text: '<html>proxy</html>' }]);
    expect(await client.submit(signed)).toMatchObject({ ok: false, problems: [{ code: 'sdk.bad_response' }] });
  });
});
