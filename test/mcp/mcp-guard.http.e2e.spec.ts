// The MCP guard over Streamable HTTP both ways: the library (createMcpGuard from the SDK's
// Node entry) serves the agent's MCP client on a loopback port and reaches the fixture
// MCP server over Streamable HTTP too; Writ is the real service on a fresh ledger.
import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { dirname } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createMcpGuard, type HttpListening, type McpGuard, type McpGuardConfigFile } from '../../src/sdk/node/mcp-guard';
import { startService, type ServiceProcess } from '../support/service-process';
import { GuardScenario, refusalOf, type GuardHarness } from './support/guard-scenario';
import { guardStory } from './support/guard-story';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixture = require('./fixtures/tools-server.cjs') as { startHttp(): Promise<{ url: string; calls: { tool: string; args: Record<string, unknown> }[]; close(): Promise<void> }> };

let service: ServiceProcess;
let scenario: GuardScenario;
let harness: GuardHarness;
let upstream: Awaited<ReturnType<typeof fixture.startHttp>>;
const running: { guard: McpGuard; listening: HttpListening; client: Client }[] = [];

async function connect(config: McpGuardConfigFile): Promise<Client> {
  const guard = await createMcpGuard({ ...config, log: () => undefined });
  if (!guard.ok) throw new Error(JSON.stringify(guard.problems));
  const listening = await guard.value.serveHttp({ host: '127.0.0.1', port: 0 });
  const client = new Client({ name: 'agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(listening.url)));
  running.push({ guard: guard.value, listening, client });
  return client;
}

beforeAll(async () => {
  service = await startService({ env: { WRIT_DURABILITY: 'normal' } });
  upstream = await fixture.startHttp();
  scenario = new GuardScenario(service);
  harness = { connect, received: () => Promise.resolve(upstream.calls), upstream: { erp: { url: upstream.url } } };
}, 60_000);

afterAll(async () => {
  for (const r of running) {
    await r.client.close().catch(() => undefined);
    await r.listening.close();
    await r.guard.close();
  }
  await scenario?.close();
  await upstream?.close();
  await service?.stop();
  rmSync(dirname(service.dataDir), { recursive: true, force: true });
});

describe('over Streamable HTTP', () => {
  guardStory(() => ({ scenario, harness }));

  test('without an answer from Writ the call fails closed and never reaches the server', async () => {
    const w = await scenario.world();
    const { token } = await scenario.credential(w, w.agent, w.dProc, 600);
    const client = await connect({ ...scenario.config(harness, w.agent, { credential: token }), service: 'http://127.0.0.1:9' });
    const before = upstream.calls.length;
    const r = (await client.callTool({ name: 'create_order', arguments: { orderId: 'o-9', total: 1 } })) as CallToolResult;
    expect(refusalOf(r)).toEqual({ code: 'sdk.network_error' });
    expect(upstream.calls.length).toBe(before);
  }, 30_000);

  test('a request naming another host is refused (DNS rebinding)', async () => {
    const url = new URL(running[0]!.listening.url);
    const post = (host: string) =>
      new Promise<number>((done, fail) => {
        const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { host, 'content-type': 'application/json' } }, (res) => (res.resume(), done(res.statusCode!)));
        req.once('error', fail).end('{}');
      });
    expect(await post('evil.example')).toBe(403);
    // The same request with its own host gets past the check (and is refused for what it is: no session).
    expect(await post(url.host)).toBe(400);
  });
});
