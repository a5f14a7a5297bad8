// The service's logs as an operator reads them: JSON lines from Fastify's logger at the
// level WRIT_LOG_LEVEL names, each request's lines carrying the request id that the
// response's x-request-id header and GraphQL errors' extensions.requestId repeat, and no
// stack trace for a client's mistake.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { startService, type ServiceProcess } from '../support/service-process';

let service: ServiceProcess;

beforeAll(async () => {
  service = await startService({ env: { WRIT_LOG_LEVEL: 'info' } });
}, 60_000);
afterAll(async () => {
  await service?.stop();
  if (service !== undefined) rmSync(dirname(service.dataDir), { recursive: true, force: true });
});

/** The service's JSON log lines (the start banner is plain text for people: skipped). */
function logLines(): Record<string, unknown>[] {
  return service
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

async function linesOf(reqId: string): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const lines = logLines().filter((l) => l.reqId === reqId);
    if (lines.some((l) => l.msg === 'request completed') || Date.now() > deadline) return lines;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('everything after the banner is a JSON line with a level, a time and a message', () => {
  const banner = /^(Writ |  \S|WRIT_READY )/;
  const other = service.output().split('\n').filter((l) => l !== '' && !l.startsWith('{') && !banner.test(l));
  expect(other).toEqual([]);
  const lines = logLines();
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line).toEqual(expect.objectContaining({ level: expect.any(Number), time: expect.any(Number), msg: expect.any(String) }));
});

test("a GraphQL error names the request id of the request's log lines and of its x-request-id header", async () => {
  const response = await post(JSON.stringify({ query: '{ checkpoint { noSuchField } }' }));
  const body = (await response.json()) as { errors: { extensions: { code: string; requestId: string } }[] };
  const id = response.headers.get('x-request-id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.errors[0]!.extensions).toEqual(expect.objectContaining({ code: 'query.invalid', requestId: id }));
  const lines = await linesOf(id!);
  expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
  // The client's mistake is logged (at info, by Mercurius) without a stack trace.
  expect(JSON.stringify(lines)).not.toMatch(/"stack"|\bat .+\(.+:\d+:\d+\)/);
});

test('a malformed GraphQL body answers with the id the client sent', async () => {
  const response = await post('{"query": ', { 'x-request-id': 'client-chosen-42' });
  expect(response.status).toBe(400);
  expect(response.headers.get('x-request-id')).toBe('client-chosen-42');
  const body = (await response.json()) as { errors: { extensions: { code: string; requestId: string } }[] };
  expect(body.errors[0]!.extensions).toEqual(expect.objectContaining({ code: 'query.invalid', requestId: 'client-chosen-42' }));
  expect((await linesOf('client-chosen-42')).map((l) => l.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
});

test('an id the client sends that is not a plain token is replaced, not logged', async () => {
  const response = await post(JSON.stringify({ query: '{ checkpoint { treeSize } }' }), { 'x-request-id': 'evil"\\n{"level":60}' });
  expect(response.status).toBe(200);
  expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});
