// The MCP servers behind the guard: one SDK Client each, over stdio (a spawned command)
// or Streamable HTTP (a URL), and the table of which exposed tool name is which
// server's tool. Only the guard's call path (mcp-guard.ts) forwards anything to them.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { err, ok, problem, type Result } from '../../../errors/problem';
import { isUpstreamHttp, type UpstreamServer } from './guard-config';

export interface RoutedTool {
  /** The name the agent sees (the server's toolPrefix, then the tool's name). */
  readonly exposed: string;
  readonly server: string;
  /** The tool's name on its server: what is forwarded and, by default, the Writ action. */
  readonly tool: string;
  readonly definition: Tool;
}

interface Connected {
  readonly config: UpstreamServer;
  readonly client: Client;
}

export const GUARD_INFO = { name: 'writ-mcp-guard', version: '0.1.0' } as const;

export class Upstreams {
  private routes = new Map<string, RoutedTool>();

  private constructor(private readonly servers: readonly Connected[], private readonly log: (line: string) => void) {}

  /** Connects to every server; a server that cannot be reached fails the whole start. */
  static async connect(configs: readonly UpstreamServer[], log: (line: string) => void): Promise<Result<Upstreams>> {
    const connected: Connected[] = [];
    for (const config of configs) {
      const client = new Client(GUARD_INFO, { capabilities: {} });
      try {
        await client.connect(transportFor(config));
        connected.push({ config, client });
      } catch (error) {
        await Promise.allSettled(connected.map((c) => c.client.close()));
        return err(problem('mcp.upstream_failed', `MCP server ${config.name}: ${(error as Error).message}`, `servers.${config.name}`));
      }
    }
    const upstreams = new Upstreams(connected, log);
    const listed = await upstreams.refresh();
    if (!listed.ok) await upstreams.close();
    return listed.ok ? ok(upstreams) : listed;
  }

  /** Every server's tools now, by exposed name; a name offered twice is a problem. */
  async refresh(): Promise<Result<readonly RoutedTool[]>> {
    const routes = new Map<string, RoutedTool>();
    for (const { config, client } of this.servers) {
      const tools = await listAll(client).catch((error: Error) => error);
      if (tools instanceof Error) return err(problem('mcp.upstream_failed', `MCP server ${config.name} did not list its tools: ${tools.message}`, `servers.${config.name}`));
      for (const definition of tools) {
        const exposed = `${config.toolPrefix}${definition.name}`;
        const taken = routes.get(exposed);
        if (taken !== undefined) {
          return err(problem('mcp.upstream_failed', `servers ${taken.server} and ${config.name} both offer a tool named ${exposed}: give one a toolPrefix`, `servers.${config.name}.toolPrefix`));
        }
        routes.set(exposed, { exposed, server: config.name, tool: definition.name, definition: { ...definition, name: exposed } });
      }
    }
    this.routes = routes;
    return ok([...routes.values()]);
  }

  /** The tool behind an exposed name; the servers are asked again once if it is unknown. */
  async route(exposed: string): Promise<RoutedTool | undefined> {
    if (!this.routes.has(exposed)) {
      const refreshed = await this.refresh();
      if (!refreshed.ok) this.log(refreshed.problems[0].message);
    }
    return this.routes.get(exposed);
  }

  async call(route: RoutedTool, args: Record<string, unknown> | undefined, meta: Record<string, unknown> | undefined): Promise<CallToolResult> {
    const server = this.servers.find((s) => s.config.name === route.server)!;
    const params = { name: route.tool, ...(args === undefined ? {} : { arguments: args }), ...(meta === undefined ? {} : { _meta: meta }) };
    return (await server.client.callTool(params)) as CallToolResult;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.servers.map((s) => s.client.close()));
  }
}

function transportFor(config: UpstreamServer): Transport {
  if (isUpstreamHttp(config)) {
    return new StreamableHTTPClientTransport(new URL(config.url), config.headers === undefined ? {} : { requestInit: { headers: { ...config.headers } } });
  }
  // The server's stderr goes to the guard's: stdout may be the agent's MCP channel.
  return new StdioClientTransport({
    command: config.command,
    args: [...config.args],
    env: { ...getDefaultEnvironment(), ...config.env },
    ...(config.cwd === undefined ? {} : { cwd: config.cwd }),
    stderr: 'inherit',
  });
}

async function listAll(client: Client): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const answer = await client.listTools(cursor === undefined ? {} : { cursor });
    tools.push(...answer.tools);
    cursor = answer.nextCursor;
    if (cursor === undefined) break;
  }
  return tools;
}
