// Serving agents over Streamable HTTP: one MCP session (a server and its transport) per
// agent connection, all answering from the same guard. The guard signs with the agent's
// key, so whoever reaches this port acts as the agent: it listens on loopback by default
// and, there, refuses requests whose Host header names anything else (DNS rebinding).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

export interface HttpListenOptions {
  /** 127.0.0.1 by default. */
  readonly host?: string;
  /** 0 (a free port) by default. */
  readonly port?: number;
  /** `/mcp` by default. */
  readonly path?: string;
}

export interface HttpListening {
  /** `http://<host>:<port><path>`: the URL an MCP client connects to. */
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function serveHttp(newServer: () => Server, options: HttpListenOptions): Promise<HttpListening> {
  const host = options.host ?? '127.0.0.1';
  const path = options.path ?? '/mcp';
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  let allowedHosts: Set<string> | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== path) return answer(res, 404, 'not found');
    if (allowedHosts !== undefined && !allowedHosts.has(req.headers.host ?? '')) return answer(res, 403, 'host not allowed');
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    if (body instanceof Error) return answer(res, 400, body.message);
    const id = req.headers['mcp-session-id'];
    const known = typeof id === 'string' ? sessions.get(id) : undefined;
    if (known !== undefined) return known.handleRequest(req, res, body);
    if (id !== undefined || !isInitializeRequest(body)) return answer(res, id === undefined ? 400 : 404, 'no such MCP session: start with initialize');
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (sessionId) => void sessions.set(sessionId, transport),
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    };
    await newServer().connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) answer(res, 500, error.message);
      else res.end();
    });
  });
  await new Promise<void>((done, fail) => http.once('error', fail).listen(options.port ?? 0, host, done));
  const port = (http.address() as AddressInfo).port;
  if (LOOPBACK.has(host)) allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}${path}`,
    close: async () => {
      await Promise.allSettled([...sessions.values()].map((t) => t.close()));
      http.closeAllConnections();
      await new Promise<void>((done) => http.close(() => done()));
    },
  };
}

function answer(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return new Error(`a request body is at most ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return new Error('the body is not JSON');
  }
}
