// The MCP guard's cost (issue 18: at most 1 ms added at p50 over a direct call on
// loopback). The fixture MCP server over Streamable HTTP, called by an MCP client
// directly and through the guard (the library, serving Streamable HTTP), in alternating
// rounds; the real service decides and records each guarded call (durability from
// WRIT_BENCH_DURABILITY, `full` by default). In the same rounds: a pass-through proxy
// (mcp-pass-through.ts: the guard's serving and forwarding, no decision), whose added
// p50 over the direct call is the floor any guard built on the SDK pays before deciding
// anything, and the agent-signed `authorize` alone, most of what the guard adds beyond
// that. WRIT_BENCH_SAMPLES: calls per side.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { exportKeys } from '../src/sdk';
import { createMcpGuard } from '../src/sdk/node/mcp-guard';
import { ServiceWorld } from '../test/authorization/support/service-world';
import { removeTempDataDir, repoRoot, startService, tempDataDir } from '../test/support/service-process';
import { percentiles, type Row } from './harness';
import { startPassThrough } from './mcp-pass-through';

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
    const passThrough = await startPassThrough(upstream.url);
    const direct = await connect(upstream.url);
    const passed = await connect(passThrough.listening.url);
    const guarded = await connect(listening.url);
    const client = w.client;
    let n = 0;
    const call = (c: Client) => c.callTool({ name: 'create_order', arguments: { orderId: `o-${++n}`, total: 1 } });
    const authorize = () => client.authorize(w.order(1, `c-bench-${w.agent.id}`));
    await w.must(w.agent, 'requestCredential', { credentialId: `c-bench-${w.agent.id}`, delegationId: w.dProc, task: { id: 'restock' }, ttlSeconds: 3600 });
    const times: Times = { direct: [], passThrough: [], guarded: [], authorize: [] };
    for (let i = 0; i < 20; i++) await Promise.all([call(direct), call(passed), call(guarded), authorize()].map((p) => p.then(() => undefined)));
    for (let round = 0; round < samples / 20; round++) {
      for (let i = 0; i < 20; i++) times.direct.push(await timed(() => call(direct)));
      for (let i = 0; i < 20; i++) times.passThrough.push(await timed(() => call(passed)));
      for (let i = 0; i < 20; i++) times.guarded.push(await timed(() => call(guarded)));
      for (let i = 0; i < 20; i++) times.authorize.push(await timed(authorize));
    }
    await Promise.all([direct.close(), passed.close(), guarded.close()]);
    await passThrough.close();
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

interface Times {
  readonly direct: number[];
  readonly passThrough: number[];
  readonly guarded: number[];
  readonly authorize: number[];
}

function rows(times: Times): Row[] {
  const [d, p, g, a] = [percentiles(times.direct), percentiles(times.passThrough), percentiles(times.guarded), percentiles(times.authorize)];
  const row = (name: string, q: { p50: number; p99: number }, note = ''): Row => ({ name, opsPerSecond: 1000 / q.p50, note: `p50 ${q.p50.toFixed(2)} ms, p99 ${q.p99.toFixed(2)} ms${note}` });
  const added = g.p50 - d.p50;
  const floor = p.p50 - d.p50;
  // The guarded path is the pass-through's (a second MCP hop, the proxy's serving and
  // forwarding) and one recorded decision; what is left after those is the guard's own work.
  const own = g.p50 - p.p50 - a.p50;
  return [
    row('tools/call direct (MCP client to server, Streamable HTTP, loopback)', d),
    row('tools/call through a pass-through MCP proxy (the guard\'s serving and forwarding, same SDK and transports, no decision)', p, `; adds ${floor.toFixed(2)} ms at p50 over direct: the floor any SDK-built guard pays before deciding`),
    row(
      'tools/call through the guard (decided and recorded by Writ first)',
      g,
      `; adds ${added.toFixed(2)} ms at p50 over direct (target <= 1 ms: ${added <= 1 ? 'met' : 'not met'}), of which the pass-through floor ${floor.toFixed(2)} ms; over the pass-through ${(g.p50 - p.p50).toFixed(2)} ms, less the decision: ${own.toFixed(2)} ms`,
    ),
    row('authorize alone (agent-signed action.request, recorded decision)', a, '; the part of the added time that is Writ deciding and recording'),
  ];
}
