// A pass-through MCP proxy: the MCP guard with the decision taken out, the floor any
// guard built on @modelcontextprotocol/sdk pays before it decides anything (issue 18's
// bench: the guard adds at most 1 ms at p50 over a direct call). It is built from the
// guard's own parts, so only the decision differs: agents are served over Streamable
// HTTP by the guard's serveHttp (a session per agent, the SDK's low-level Server), and
// tools/list and tools/call go to the upstream through the guard's Upstreams (an SDK
// Client over Streamable HTTP), which lists, routes and forwards as the guard does.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { serveHttp, type HttpListening } from '../src/sdk/node/mcp-guard/http-serve';
import { GUARD_INFO, Upstreams } from '../src/sdk/node/mcp-guard/upstreams';

export interface PassThrough {
  readonly listening: HttpListening;
  close(): Promise<void>;
}

/** Serves the tools of the Streamable HTTP MCP server at `upstreamUrl`, forwarding every call undecided. */
export async function startPassThrough(upstreamUrl: string, serverName = 'erp'): Promise<PassThrough> {
  const upstreams = await Upstreams.connect([{ name: serverName, url: upstreamUrl, toolPrefix: '' }], () => undefined);
  if (!upstreams.ok) throw new Error(`pass-through: ${JSON.stringify(upstreams.problems)}`);
  const forward = upstreams.value;
  const mcpServer = (): Server => {
    const server = new Server({ ...GUARD_INFO, name: 'bench-mcp-pass-through' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async () => {
      const listed = await forward.refresh();
      if (!listed.ok) throw new Error(listed.problems[0].message);
      return { tools: listed.value.map((route) => route.definition) };
    });
    server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
      const route = await forward.route(request.params.name);
      if (route === undefined) return { isError: true, content: [{ type: 'text', text: `no tool named ${request.params.name}` }] };
      return forward.call(route, request.params.arguments, request.params._meta);
    });
    return server;
  };
  const listening = await serveHttp(mcpServer, {});
  return {
    listening,
    close: async () => {
      await listening.close();
      await forward.close();
    },
  };
}
