// The MCP guard's cost (issue 18: at most 1 ms added at p50 over a direct call on
// loopback). The fixture MCP server over Streamable HTTP, called by an MCP client
// directly and through the guard (the library, serving Streamable HTTP), in alternating
// rounds; the real service decides and records each guarded call (durability from
// WRIT_BENCH_DURABILITY, `full` by default). A third row times the agent-signed
// `authorize` alone, which is most of what the guard adds. WRIT_BENCH_SAMPLES: calls per side.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { exportKeys } from '../src/sdk';
import { createMcpGuard } from '../src/sdk/node/mcp-guard';
import { ServiceWorld } from '../test/authorization/support/service-world';
import { removeTempDataDir, repoRoot, startService, tempDataDir } from '../test/support/service-process';
import { percentiles, type Row } from './harness';

interface Fixture {
  startHttp(): Promise<{ url: string; close(): Promise<void> }>;
}

const TOOLS = { create_order: { action: 'create', resource: 'erp://po/orders/{orderId}', amount: 'total' } };

export async function mcpGuardBench(): Promise<Row[]> {
  const samples = Number(process.env['WRIT_BENCH_SAMPLES'] ?? 400);
  const dataDir = tempDataDir('writ-bench-mcp-');
  const service = await startService({ dataDir, env: { WRIT_DURABILITY: process.env['WRIT_BENCH_DURABILITY'] ?? 'full' } });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fixture = require(join(repoRoot(), 'test/mcp/fixtures/tools-server.cjs')) as Fixture;
  const upstream = await fixture.startHttp();
  try {
    const w = new ServiceWorld(service);
    await w.procurement();
    const keyFile = join(dataDir, 'agent.key.json');
    writeFileSync(keyFile, exportKeys(w.agent.keys, w.agent.id), { mode: 0o600 });
    const guard = await createMcpGuard({ service: service.url, ledgerId: service.ledgerId, keyFile, delegationId: w.dProc, taskId: 'restock', servers: { erp: { url: upstream.url } }, tools: TOOLS, log: () => undefined });
    if (!guard.ok) throw new Error(JSON.stringify(guard.problems));
    const listening = await guard.value.serveHttp();
    const direct = await connect(upstream.url);
    const guarded = await connect(listening.url);
    const client = w.client;
    let n = 0;
    const call = (c: Client) => c.callTool({ name: 'create_order', arguments: { orderId: `o-${++n}`, total: 1 } });
    const authorize = () => client.authorize(w.order(1, `c-bench-${w.agent.id}`));
    await w.must(w.agent, 'requestCredential', { credentialId: `c-bench-${w.agent.id}`, delegationId: w.dProc, task: { id: 'restock' }, ttlSeconds: 3600 });
    const times = { direct: [] as number[], guarded: [] as number[], authorize: [] as number[] };
    for (let i = 0; i < 20; i++) await Promise.all([call(direct), call(guarded), authorize()].map((p) => p.then(() => undefined)));
    for (let round = 0; round < samples / 20; round++) {
      for (let i = 0; i < 20; i++) times.direct.push(await timed(() => call(direct)));
      for (let i = 0; i < 20; i++) times.guarded.push(await timed(() => call(guarded)));
      for (let i = 0; i < 20; i++) times.authorize.push(await timed(authorize));
    }
    await Promise.all([direct.close(), guarded.close()]);
    await listening.close();
    await guard.value.close();
    return rows(times);
  } finally {
    await upstream.close();
    await service.stop();
    removeTempDataDir(dataDir);
  }
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

async function timed(op: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await op();
  return performance.now() - start;
}

function rows(times: { direct: number[]; guarded: number[]; authorize: number[] }): Row[] {
  const [d, g, a] = [percentiles(times.direct), percentiles(times.guarded), percentiles(times.authorize)];
  const row = (name: string, p: { p50: number; p99: number }, note = ''): Row => ({ name, opsPerSecond: 1000 / p.p50, note: `p50 ${p.p50.toFixed(2)} ms, p99 ${p.p99.toFixed(2)} ms${note}` });
  const added = g.p50 - d.p50;
  // The guarded path is two MCP hops (agent to guard, guard to server) and one recorded
  // decision; what is left after those is the guard's own work.
  const own = g.p50 - 2 * d.p50 - a.p50;
  return [
    row('tools/call direct (MCP client to server, Streamable HTTP, loopback)', d),
    row('tools/call through the guard (decided and recorded by Writ first)', g, `; adds ${added.toFixed(2)} ms at p50 (target <= 1 ms: ${added <= 1 ? 'met' : 'not met'}); less a second MCP hop and the decision: ${own.toFixed(2)} ms`),
    row('authorize alone (agent-signed action.request, recorded decision)', a, '; the part of the added time that is Writ deciding and recording'),
  ];
}
