// A tiny local HTTP server standing in for the service, for the client's transport
// behaviour only (retries, timeouts, status codes). Each request takes the next scripted
// reply; every request is recorded.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Reply =
  | { readonly status: number; readonly json?: unknown; readonly text?: string; readonly delayMs?: number }
  | 'drop';

export interface Recorded {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: { query: string; variables?: Record<string, unknown> };
  readonly raw: string;
}

export interface Stub {
  readonly url: string;
  readonly requests: Recorded[];
  close(): Promise<void>;
}

export async function startStub(replies: Reply[]): Promise<Stub> {
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', headers: req.headers, body: JSON.parse(raw) as Recorded['body'], raw });
      const reply = replies.shift() ?? { status: 500, text: 'no reply scripted' };
      if (reply === 'drop') return void req.socket.destroy();
      const send = () => {
        res.writeHead(reply.status, { 'content-type': reply.json === undefined ? 'text/plain' : 'application/json' });
        res.end(reply.json === undefined ? (reply.text ?? '') : JSON.stringify(reply.json));
      };
      if (reply.delayMs === undefined) send();
      else setTimeout(send, reply.delayMs).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
