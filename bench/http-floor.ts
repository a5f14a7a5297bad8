// The floors under the service's appends on this machine, each a server process of its
// own (bench/floor-server.ts) driven like the service: the same client transport
// (nodeHttpFetch), the same number of clients over loopback, the same request and
// response bodies. They share the two cores with the clients exactly as the service
// does, and the CPU each side spends per request is read from /proc and process.cpuUsage.
//  - The bare HTTP floor: a server that only reads the request and answers the recorded
//    response. No GraphQL, no verification, no store: the part of an append's cost that
//    is only transport; the append rate can never exceed it.
//  - The append floor (issue 23): hand-rolled Fastify, one Ed25519 verify and one durable
//    SQLite insert per request, each request a distinct signed statement (the bodies the
//    service got, in its order). Issue 23's target: the service's CPU per append at most
//    1.3x this floor's, measured in the same run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_V8_FLAGS } from '../src/config/v8-flags';
import type { SignedStatement } from '../src/integrity/statement';
import { WritClient, type FetchLike } from '../src/sdk';
import { nodeHttpFetch } from '../src/sdk/node';
import { cpuMillis, removeTempDataDir, tempDataDir } from '../test/support/service-process';
import type { FloorConfig } from './floor-server';
import { percentiles, type Row } from './harness';
import { verifyCpuUs } from './thread-cpu';

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

/** A floor server process, started with the service's V8 flags and stopped when `use` settles. */
async function withFloorServer<T>(config: FloorConfig, use: (url: string, pid: number) => Promise<T>): Promise<T> {
  const program = join(__dirname, 'floor-server.js');
  const child = spawn(process.execPath, [...SERVICE_V8_FLAGS, program, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [line] = (await Promise.race([once(child.stdout!.setEncoding('utf8'), 'data'), once(child, 'exit').then(() => ['(exited)'])])) as [string];
    const port = /PORT (\d+)/.exec(line)?.[1];
    if (port === undefined) throw new Error(`the ${config.kind} floor server said ${line}`);
    return await use(`http://127.0.0.1:${port}/graphql`, child.pid!);
  } finally {
    child.kill('SIGKILL');
  }
}

interface Driven {
  readonly count: number;
  readonly seconds: number;
  /** CPU per request, µs: the server process (all threads) and this process. */
  readonly serverUs: number;
  readonly clientUs: number;
  readonly latenciesMs: readonly number[];
  /** The bodies ran out before the window's end (it ended sooner). */
  readonly exhausted: boolean;
}

/**
 * `clients` clients send `next()`'s bodies as fast as they are answered: one second of
 * warm-up (connections open, code optimised), then `seconds` measured. Any answer but
 * the recorded response is an error.
 */
async function drive(url: string, pid: number, clients: number, seconds: number, next: () => string | undefined, headers: Readonly<Record<string, string>>, response: string): Promise<Driven> {
  const transport = nodeHttpFetch({ maxSockets: clients });
  // A signal per client, as the SDK makes one per request: one shared by every client
  // collects more abort listeners than Node's warning threshold.
  const signals = Array.from({ length: clients }, () => new AbortController().signal);
  const latenciesMs: number[] = [];
  let exhausted = false;
  const roundTrip = async (body: string, signal: AbortSignal) => {
    const answer = await transport(url, { method: 'POST', headers, body, signal });
    const text = await answer.text();
    if (answer.status !== 200 || text.length !== response.length) throw new Error(`the floor server answered ${answer.status}: ${text.slice(0, 200)}`);
  };
  const run = async (ms: number, timed: boolean) => {
    let count = 0;
    const until = performance.now() + ms;
    await Promise.all(
      signals.map(async (signal) => {
        for (let t0 = performance.now(); t0 < until; t0 = performance.now()) {
          const body = next();
          if (body === undefined) return void (exhausted = true);
          await roundTrip(body, signal);
          count++;
          if (timed) latenciesMs.push(performance.now() - t0);
        }
      }),
    );
    return count;
  };
  await run(1000, false);
  const serverBefore = cpuMillis(pid) ?? NaN;
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const count = await run(seconds * 1000, true);
  const elapsed = (performance.now() - started) / 1000;
  const serverUs = (((cpuMillis(pid) ?? NaN) - serverBefore) * 1000) / count;
  const used = process.cpuUsage(clientBefore);
  return { count, seconds: elapsed, serverUs, clientUs: (used.user + used.system) / count, latenciesMs, exhausted };
}

export async function httpFloor(exchange: Exchange, clients: number, seconds: number): Promise<Row> {
  const driven = await withFloorServer({ kind: 'bare', response: exchange.response }, (url, pid) =>
    drive(url, pid, clients, seconds, () => exchange.request, { 'content-type': 'application/json' }, exchange.response),
  );
  return {
    name: 'floor: bare HTTP round trips over loopback, same bodies, nodeHttpFetch -> node:http, nothing else',
    opsPerSecond: driven.count / driven.seconds,
    note: `${clients} clients; request ${exchange.request.length} B, response ${exchange.response.length} B (a real append's); CPU per round trip: server ${Math.round(driven.serverUs)} µs, clients ${Math.round(driven.clientUs)} µs`,
  };
}

/** What the append floor takes from the service's durable one-per-request run. */
export interface AppendWork {
  readonly exchange: Exchange;
  readonly ledgerId: string;
  /** The run's pre-signed statements, in the order the service was sent them (more than it took). */
  readonly signed: readonly SignedStatement[];
  /** Each signer's public key (base64url) by principal id. */
  readonly keys: Readonly<Record<string, string>>;
}

export interface AppendFloor {
  readonly row: Row;
  /** Server CPU per request (µs) and the vf unit (µs) measured around its window. */
  readonly serverUs: number;
  readonly verifyUs: number;
}

/**
 * The request bodies and headers the SDK sends for each statement, made by the SDK
 * itself (a WritClient whose transport keeps what it is given and answers the recorded
 * response); one of them must be the recorded request, byte for byte.
 */
async function requestBodies(work: AppendWork): Promise<{ bodies: string[]; headers: Readonly<Record<string, string>> }> {
  const bodies: string[] = [];
  let headers: Readonly<Record<string, string>> = {};
  const keep: FetchLike = (_url, init) => {
    bodies.push(init.body);
    headers = init.headers;
    return Promise.resolve({ status: 200, text: () => Promise.resolve(work.exchange.response) });
  };
  const client = new WritClient({ url: 'http://floor.invalid', ledgerId: work.ledgerId, retries: 0, fetch: keep });
  for (const signed of work.signed) await client.submit(signed, 'grantEntitlement');
  if (!bodies.includes(work.exchange.request)) throw new Error('the floor\'s request bodies are not the ones the service was sent');
  return { bodies, headers };
}

export async function appendFloor(work: AppendWork, clients: number, seconds: number): Promise<AppendFloor> {
  const { bodies, headers } = await requestBodies(work);
  const dataDir = tempDataDir('writ-bench-floor-');
  const verifyBefore = verifyCpuUs();
  try {
    mkdirSync(dataDir, { recursive: true });
    const config: FloorConfig = { kind: 'append', response: work.exchange.response, keys: work.keys, dbFile: join(dataDir, 'floor.db') };
    let k = 0;
    const driven = await withFloorServer(config, (url, pid) => drive(url, pid, clients, seconds, () => bodies[k++], headers, work.exchange.response));
    const verifyUs = (verifyBefore + verifyCpuUs()) / 2;
    const vf = driven.serverUs / verifyUs;
    const { p50, p99 } = percentiles(driven.latenciesMs);
    const row: Row = {
      name: 'floor (issue 23): hand-rolled Fastify + one Ed25519 verify + one durable SQLite insert (WAL, synchronous=FULL) per request, the same bodies',
      opsPerSecond: driven.count / driven.seconds,
      // CPU against CPU, as the AuthZEN bench: verifies per CPU-second over requests per server CPU-second, i.e. 1/vf.
      ceiling: { name: 'bare Node Ed25519 verify per CPU-second', opsPerSecond: 1e6 / verifyUs },
      pairedRatio: 1 / vf,
      note: [
        `${clients} clients over loopback, nodeHttpFetch, each request a distinct pre-signed statement`,
        `server CPU ${Math.round(driven.serverUs)} µs per request = ${vf.toFixed(2)} vf (1 vf = ${verifyUs.toFixed(1)} µs), clients ${Math.round(driven.clientUs)} µs`,
        `request p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; ${driven.count} requests${driven.exhausted ? '; the bodies ran out: the window ended early' : ''}`,
      ].join('; '),
    };
    return { row, serverUs: driven.serverUs, verifyUs };
  } finally {
    removeTempDataDir(dataDir);
  }
}

/** Issue 23: the service's CPU per append at most this many times the floor's. */
const FLOOR_TARGET = 1.3;

/**
 * The service's CPU per append beside the floor's, in µs and in vf each measured around
 * its own window. The ratio column is floor over service (so that, as everywhere in this
 * table, higher is better and the target is a lower bound): at least 1/1.3 to meet it.
 */
export function floorComparison(service: { readonly serviceUs: number; readonly verifyUs: number; readonly clients: number }, floor: AppendFloor): Row {
  const times = service.serviceUs / floor.serverUs;
  const vf = (us: number, unit: number) => `${Math.round(us)} µs = ${(us / unit).toFixed(2)} vf`;
  return {
    name: `append, one statement per request, ${service.clients} clients: service CPU per append, Writ against the floor above (issue 23)`,
    opsPerSecond: 1e6 / service.serviceUs,
    ceiling: { name: 'floor requests per server CPU-second', opsPerSecond: 1e6 / floor.serverUs },
    pairedRatio: floor.serverUs / service.serviceUs,
    target: Number((1 / FLOOR_TARGET).toFixed(3)),
    note: `Writ ${vf(service.serviceUs, service.verifyUs)}, floor ${vf(floor.serverUs, floor.verifyUs)}: Writ is ${times.toFixed(2)}x the floor, target <= ${FLOOR_TARGET}x: ${times <= FLOOR_TARGET ? 'met' : 'NOT met'}; ops/s here are appends per service CPU-second`,
  };
}
