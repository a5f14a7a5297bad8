// The MCP guard's end-to-end story, run over each transport by its own spec: a real Writ
// service (child process) with two procurement worlds seeded through the SDK, the
// fixture MCP server (tools-server.cjs) behind the guard, and a real MCP client (the
// SDK's Client) in front of it. Every call's decision is then read from decisionFeed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { exportKeys, readTokenSource } from '../../../src/sdk';
import type { McpGuardConfigFile } from '../../../src/sdk/node/mcp-guard';
import type { ServiceProcess } from '../../support/service-process';
import { ServiceWorld, type Party } from '../../authorization/support/service-world';

// `ws` ships no types here; graphql-ws takes any WebSocket implementation.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const WebSocket: unknown = require('ws');

/** How each transport's spec runs a guard and sees what reached the fixture server. */
export interface GuardHarness {
  /** Starts a guard for this configuration and connects an MCP client to it. */
  connect(config: McpGuardConfigFile): Promise<Client>;
  /** Every call the fixture server received so far. */
  received(): Promise<readonly { tool: string; args: Record<string, unknown> }[]>;
  /** The `servers` entry naming the fixture server (name `erp`). */
  readonly upstream: McpGuardConfigFile['servers'];
}

export const TOOLS: McpGuardConfigFile['tools'] = {
  lookup_vendor: { action: 'read', resource: 'erp://po/vendors/{vendorId}' },
  'erp/create_order': { action: 'create', resource: 'erp://po/orders/{orderId}', amount: 'total' },
  delete_vendor: { action: 'delete', resource: 'erp://po/vendors/{vendorId}' },
};

export interface Refused {
  readonly code: string;
  readonly requestId?: string;
}

export const textOf = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

/** The refusal a tool error carries, or undefined for a result that is not one. */
export function refusalOf(r: CallToolResult): Refused | undefined {
  const decision = r._meta?.['writ/decision'] as { reason: string; requestId?: string } | undefined;
  if (r.isError !== true || decision === undefined) return undefined;
  return decision.requestId === undefined ? { code: decision.reason } : { code: decision.reason, requestId: decision.requestId };
}

export class GuardScenario {
  private readonly dir = mkdtempSync(join(tmpdir(), 'writ-mcp-'));
  private readonly feed: { requestId: string; outcome: string; reason: string | null; action: string; resource: string }[] = [];
  private ws: WsClient | undefined;

  constructor(readonly service: ServiceProcess) {}

  /** Decisions from now on, as an admin reads them live over graphql-ws. */
  watchDecisions(admin: Party): void {
    const token = readTokenSource({ principalId: admin.id, ledgerId: this.service.ledgerId, seed: admin.keys.seed });
    this.ws = createClient({ url: `${this.service.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: () => ({ authorization: `Bearer ${token()}` }), retryAttempts: 0 });
    this.ws.subscribe<{ decisionFeed: GuardScenario['feed'][number] }>(
      { query: 'subscription { decisionFeed { requestId outcome reason action resource } }' },
      { next: (r) => void (r.data ? this.feed.push(r.data.decisionFeed) : undefined), error: () => undefined, complete: () => undefined },
    );
  }

  /** The feed's entry for a request, once it has arrived. */
  async decisionOf(requestId: string): Promise<GuardScenario['feed'][number]> {
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
      const found = this.feed.find((d) => d.requestId === requestId);
      if (found !== undefined) return found;
    }
    throw new Error(`decision ${requestId} never appeared in decisionFeed`);
  }

  async world(): Promise<ServiceWorld> {
    const w = new ServiceWorld(this.service);
    await w.procurement();
    return w;
  }

  /** A configuration for this party's guard, its key written to a 0600 file. */
  config(harness: GuardHarness, who: Party, source: { delegationId: string } | { credential: string }): McpGuardConfigFile {
    const keyFile = join(this.dir, `${who.id}.key.json`);
    writeFileSync(keyFile, exportKeys(who.keys, who.id), { mode: 0o600 });
    return { service: this.service.url, ledgerId: this.service.ledgerId, keyFile, taskId: 'restock', credentialTtlSeconds: 600, servers: harness.upstream, tools: TOOLS, ...source };
  }

  /** A credential the test asks for itself (the guard then only presents it). */
  async credential(w: ServiceWorld, who: Party, delegationId: string, ttlSeconds: number): Promise<{ token: string; expiresAt: string }> {
    const r = await w.client.requestCredential(w.signed(who, 'requestCredential', { credentialId: `c-short-${who.id}`, delegationId, task: { id: 'restock' }, ttlSeconds }));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.value.credential;
  }

  file(name: string, text: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, text);
    return path;
  }

  async close(): Promise<void> {
    await this.ws?.dispose();
  }
}
