// The floor under the service's append rate on this machine: bare HTTP round trips over
// loopback, with the same request and response bodies as a real append, the same client
// transport (nodeHttpFetch) and the same number of clients, against a server that does
// nothing but read the request and answer the recorded response. No GraphQL, no
// verification, no store. It shares the two cores with the clients exactly as the
// service does, so the append rate can never exceed it, and the CPU each side spends per
// round trip is the part of an append's cost that is only transport.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { FetchLike } from '../src/sdk';
import { nodeHttpFetch } from '../src/sdk/node';
import { cpuMillis } from '../test/support/service-process';
import type { Row } from './harness';

export interface Exchange {
  readonly request: string;
  readonly response: string;
}

/** Wraps a transport to keep the first exchange's bodies (one real append, recorded as it went). */
export function recordingTransport(transport: FetchLike, into: { exchange?: Exchange }): FetchLike {
  return async (url, init) => {
    const answer = await transport(url, init);
    if (into.exchange !== undefined) return answer;
    const response = await answer.text();
    into.exchange = { request: init.body, response };
    return { status: answer.status, text: () => Promise.resolve(response) };
  };
}

// Reads the request to its end, then answers the recorded body: what any HTTP server
// must do at the least for one append.
const SERVER = `
const http = require('node:http');
const response = Buffer.from(process.env.FLOOR_RESPONSE, 'utf8');
const server = http.createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': response.length });
    res.end(response);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
`;

export async function httpFloor(exchange: Exchange, clients: number, seconds: number): Promise<Row> {
  const child = spawn(process.execPath, ['-e', SERVER], { env: { ...process.env, FLOOR_RESPONSE: exchange.response }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [line] = (await once(child.stdout!.setEncoding('utf8'), 'data')) as [string];
    const port = /PORT (\d+)/.exec(line)?.[1];
    if (port === undefined) throw new Error(`floor server said ${line}`);
    const url = `http://127.0.0.1:${port}/graphql`;
    const transport = nodeHttpFetch({ maxSockets: clients });
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: exchange.request, signal: new AbortController().signal } as const;
    const roundTrip = async () => {
      const answer = await transport(url, init);
      if (answer.status !== 200 || (await answer.text()).length !== exchange.response.length) throw new Error('floor server answered wrongly');
    };
    const run = async (ms: number) => {
      let count = 0;
      const until = performance.now() + ms;
      await Promise.all(Array.from({ length: clients }, async () => {
        while (performance.now() < until) await roundTrip(), count++;
      }));
      return count;
    };
    await run(1000); // warm-up: connections open, code optimised
    const serverBefore = cpuMillis(child.pid!) ?? NaN;
    const clientBefore = process.cpuUsage();
    const started = performance.now();
    const count = await run(seconds * 1000);
    const elapsed = (performance.now() - started) / 1000;
    const serverUs = (((cpuMillis(child.pid!) ?? NaN) - serverBefore) * 1000) / count;
    const used = process.cpuUsage(clientBefore);
    const clientUs = (used.user + used.system) / count;
    return {
      name: 'floor: bare HTTP round trips over loopback, same bodies, nodeHttpFetch -> node:http, nothing else',
      opsPerSecond: count / elapsed,
      note: `${clients} clients; request ${exchange.request.length} B, response ${exchange.response.length} B (a real append's); CPU per round trip: server ${Math.round(serverUs)} µs, clients ${Math.round(clientUs)} µs`,
    };
  } finally {
    child.kill('SIGKILL');
  }
}
