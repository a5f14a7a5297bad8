// The MCP guard over stdio both ways, as a user runs it: `writ mcp-guard --config <file>`
// is spawned by the agent's MCP client (the SDK's Client over stdio), and the guard
// spawns the fixture MCP server over stdio. Writ is the real service on a fresh ledger.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { McpGuardConfigFile } from '../../src/sdk/node/mcp-guard';
import { startService, type ServiceProcess } from '../support/service-process';
import { GuardScenario, type GuardHarness } from './support/guard-scenario';
import { guardStory } from './support/guard-story';

const cli = resolve(__dirname, '../../dist/src/cli/main.js');
const fixture = resolve(__dirname, 'fixtures/tools-server.cjs');

let service: ServiceProcess;
let scenario: GuardScenario;
let harness: GuardHarness;
let log: string;
let configs = 0;
const clients: Client[] = [];

async function connect(config: McpGuardConfigFile): Promise<Client> {
  const file = scenario.file(`guard-${++configs}.json`, JSON.stringify(config));
  const client = new Client({ name: 'agent', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp-guard', '--config', file], stderr: 'ignore' }));
  clients.push(client);
  return client;
}

async function received() {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { tool: string; args: Record<string, unknown> });
}

beforeAll(async () => {
  service = await startService({ env: { WRIT_DURABILITY: 'normal' } });
  scenario = new GuardScenario(service);
  log = scenario.file('calls.jsonl', '');
  harness = { connect, received, upstream: { erp: { command: process.execPath, args: [fixture], env: { MCP_FIXTURE_LOG: log } } } };
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await scenario?.close();
  await service?.stop();
  rmSync(dirname(service.dataDir), { recursive: true, force: true });
});

describe('over stdio, through the writ CLI', () => {
  guardStory(() => ({ scenario, harness }));

  test('a bad configuration exits 2 naming every bad field', () => {
    const file = scenario.file('bad.json', JSON.stringify({ service: 'ftp://x', ledgerId: 'l', servers: { erp: { command: 'node', url: 'http://x' } }, tools: { t: { resource: 'erp://a/*' } }, extra: 1 }));
    const r = spawnSync(process.execPath, [cli, 'mcp-guard', '--config', file], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    for (const path of ['service:', 'servers.erp:', 'tools.t.resource:', 'extra:', 'delegationId:']) expect(r.stderr).toContain(path);
    expect(r.stderr).toContain('(mcp.config_invalid)');
    expect(r.stdout).toBe('');
  });

  test('an unreadable configuration file exits 2', () => {
    const r = spawnSync(process.execPath, [cli, 'mcp-guard', '--config', join(dirname(log), 'missing.json')], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cannot read');
  });
});
