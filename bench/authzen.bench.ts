// Recorded decisions through AuthZEN beside GraphQL `authorize` (issue 18), against the
// real service over loopback, at chain depth 1 and 10: the service's CPU per decision
// (its process's CPU time, all threads, per confirmed decision) as a multiple of one bare
// Node Ed25519 verify's CPU measured in this process right before each window ("vf").
// Targets for AuthZEN: at most 5 vf at depth 1, at most 6 at depth 10. Sixteen clients,
// each an agent with its own chain and credential, send their next request as soon as
// the last is answered; the doors alternate window by window (the machine is shared) and
// the median per-window figure is kept. Also single-client p50/p99 for each door. Every
// request is signed ahead of its window (the clients' signing is not the service's work);
// only confirmed answers count (authzen-world.ts). Knobs: WRIT_BENCH_SECONDS (per door
// and depth, 4 by default), WRIT_BENCH_SAMPLES (single-client calls per door, 400),
// WRIT_BENCH_DURABILITY (`full` by default), WRIT_BENCH_WARM_UP_MS (per door and depth, 3000).
import { availableParallelism } from 'node:os';
import { cpuMillis, startService, type ServiceProcess } from '../test/support/service-process';
import { median, percentiles, type Row } from './harness';
import { AuthzenBenchWorld, type BenchAgent, type Door, type Send } from './authzen-world';
import { mainThreadCpuMsOf, verifyCpuUs } from './thread-cpu';

const CLIENTS = 16;
const DEPTHS = [1, 10] as const;
const TARGET_VF: Record<(typeof DEPTHS)[number], number> = { 1: 5, 10: 6 };
const ROUNDS = 2;
/** Per door and depth, before anything is measured (see depthRows). */
const WARM_UP_MS = Number(process.env['WRIT_BENCH_WARM_UP_MS'] ?? 3000);
const DOORS: readonly Door[] = ['graphql', 'authzen'];
const LABEL: Record<Door, string> = { graphql: 'GraphQL authorize (agent-signed)', authzen: 'AuthZEN /access/v1/evaluation (enforcer-signed, credential token)' };

const serviceCpuUs = (service: ServiceProcess): number => (cpuMillis(service.pid) ?? NaN) * 1000;
/** The service's main thread alone: the rest is the signature worker and V8's GC and compiler threads. */
const mainCpuUs = (service: ServiceProcess): number => (mainThreadCpuMsOf(service.pid) ?? NaN) * 1000;

interface Tally {
  confirmed: number;
  refused: number;
  firstProblem: string;
}

const tally = (): Tally => ({ confirmed: 0, refused: 0, firstProblem: '' });

async function sendCounted(send: Send, into: Tally): Promise<void> {
  const outcome = await send();
  if (outcome.confirmed) into.confirmed++;
  else (into.refused++, (into.firstProblem ||= outcome.problem));
}

interface Single {
  readonly times: number[];
  readonly cpuUs: number;
  readonly tally: Tally;
}

/** One client, the doors alternating in blocks of 20, each block signed before it is timed. */
async function singleClient(bench: AuthzenBenchWorld, agent: BenchAgent, samples: number): Promise<Record<Door, Single>> {
  const out = { graphql: { times: [] as number[], cpuUs: 0, tally: tally() }, authzen: { times: [] as number[], cpuUs: 0, tally: tally() } };
  for (const door of DOORS) for (let i = 0; i < 20; i++) await sendCounted(bench.prepare(door, agent), tally()); // warm-up
  for (let block = 0; block < Math.ceil(samples / 20); block++) {
    for (const door of DOORS) {
      const sends = Array.from({ length: 20 }, () => bench.prepare(door, agent));
      const cpuBefore = serviceCpuUs(bench.service);
      for (const send of sends) {
        const start = performance.now();
        await sendCounted(send, out[door].tally);
        out[door].times.push(performance.now() - start);
      }
      out[door].cpuUs += serviceCpuUs(bench.service) - cpuBefore;
    }
  }
  return out;
}

interface Window {
  readonly rate: number;
  readonly vf: number;
  readonly cpuUsPerDecision: number;
  /** Of which the service's main thread. */
  readonly mainUsPerDecision: number;
  readonly verifyUs: number;
  readonly tally: Tally;
  readonly exhausted: boolean;
  readonly times: number[];
}

/**
 * CLIENTS clients for `ms` through one door. The pool signed ahead is sized from the
 * single-client CPU per decision (an upper bound: no commit is shared there), so the
 * cores could not decide more; if it runs dry anyway the window just ends sooner. The
 * service's CPU is read from before the first request to after the last answer.
 */
async function window(bench: AuthzenBenchWorld, door: Door, agents: readonly BenchAgent[], ms: number, singleCpuUs: number): Promise<Window> {
  const maxRate = (availableParallelism() * 1e6) / Math.max(50, singleCpuUs);
  const perClient = Math.ceil((maxRate * (ms / 1000) * 1.2) / agents.length) + 5;
  const queues = agents.map((a) => Array.from({ length: perClient }, () => bench.prepare(door, a)));
  const verifyUs = verifyCpuUs();
  const counted = tally();
  const times: number[] = [];
  let exhausted = false;
  const cpuBefore = serviceCpuUs(bench.service);
  const mainBefore = mainCpuUs(bench.service);
  const start = performance.now();
  const deadline = start + ms;
  await Promise.all(
    queues.map(async (queue) => {
      for (const send of queue) {
        const t0 = performance.now();
        if (t0 >= deadline) return;
        await sendCounted(send, counted);
        times.push(performance.now() - t0);
      }
      exhausted = true;
    }),
  );
  const elapsed = performance.now() - start;
  const cpuUsPerDecision = (serviceCpuUs(bench.service) - cpuBefore) / counted.confirmed;
  const mainUsPerDecision = (mainCpuUs(bench.service) - mainBefore) / counted.confirmed;
  return { rate: counted.confirmed / (elapsed / 1000), vf: cpuUsPerDecision / verifyUs, cpuUsPerDecision, mainUsPerDecision, verifyUs, tally: counted, exhausted, times };
}

function refusals(door: Door, depth: number, t: Tally): string {
  if (t.refused === 0) return '';
  console.error(`authzen bench (${door}, depth ${depth}): ${t.refused} not confirmed, first: ${t.firstProblem}`);
  return `, ${t.refused} NOT CONFIRMED (not counted)`;
}

async function depthRows(bench: AuthzenBenchWorld, depth: (typeof DEPTHS)[number], seconds: number, samples: number): Promise<Row[]> {
  const agents = await bench.agents(depth, CLIENTS);
  // Warm-up first, for everything after it: the service's first ten thousand or so
  // decisions keep V8's compiler threads busy (about 70 µs per decision over a 4 s
  // window just after start, 5 to 10 µs once warm), which is start-up cost, not the
  // steady cost of a decision that the target is about. 400 µs per decision sizes the pool.
  for (const door of DOORS) await window(bench, door, agents, WARM_UP_MS, 400);
  const single = await singleClient(bench, agents[0]!, samples);
  const windows: Record<Door, Window[]> = { graphql: [], authzen: [] };
  const ms = (seconds * 1000) / ROUNDS;
  for (let round = 0; round < ROUNDS; round++) {
    for (const door of DOORS) windows[door].push(await window(bench, door, agents, ms, single[door].cpuUs / single[door].tally.confirmed));
  }
  const rows: Row[] = [];
  for (const door of DOORS) {
    const ws = windows[door];
    const vf = median(ws.map((w) => w.vf));
    const verifyUs = median(ws.map((w) => w.verifyUs));
    const all = ws.reduce((t, w) => ({ confirmed: t.confirmed + w.tally.confirmed, refused: t.refused + w.tally.refused, firstProblem: t.firstProblem || w.tally.firstProblem }), tally());
    const loaded = percentiles(ws.flatMap((w) => w.times));
    const target = door === 'authzen' ? TARGET_VF[depth] : undefined;
    rows.push({
      name: `${LABEL[door]}: recorded decisions, chain depth ${depth}, ${CLIENTS} clients`,
      opsPerSecond: median(ws.map((w) => w.rate)),
      // The ratio is CPU against CPU: verifies per CPU-second over decisions per service CPU-second, i.e. 1/vf.
      ceiling: { name: 'bare Node Ed25519 verify per CPU-second', opsPerSecond: 1e6 / verifyUs },
      pairedRatio: 1 / vf,
      ...(target === undefined ? {} : { target: Number((1 / target).toFixed(3)) }),
      note: [
        `service CPU ${median(ws.map((w) => w.cpuUsPerDecision)).toFixed(0)} µs per decision = ${vf.toFixed(2)} vf (1 vf = ${verifyUs.toFixed(1)} µs)${target === undefined ? '' : `, target <= ${target} vf: ${vf <= target ? 'met' : 'NOT met'}`}`,
        `main thread ${median(ws.map((w) => w.mainUsPerDecision)).toFixed(0)} µs, other threads (signature worker, V8's GC and compiler) ${median(ws.map((w) => w.cpuUsPerDecision - w.mainUsPerDecision)).toFixed(0)} µs`,
        `per window ${ws.map((w) => w.vf.toFixed(2)).join(', ')} vf; median of ${ROUNDS} windows of ${(ms / 1000).toFixed(1)} s alternating with the other door`,
        `p50 ${loaded.p50.toFixed(2)} ms, p99 ${loaded.p99.toFixed(2)} ms under load; ${all.confirmed} confirmed${refusals(door, depth, all)}${ws.some((w) => w.exhausted) ? '; a pool ran dry: a window ended early' : ''}`,
      ].join('; '),
    });
  }
  for (const door of DOORS) {
    const s = single[door];
    const { p50, p99 } = percentiles(s.times);
    const cpu = s.cpuUs / s.tally.confirmed;
    rows.push({
      name: `${LABEL[door]}: chain depth ${depth}, single client`,
      opsPerSecond: 1000 / p50,
      note: `p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms; ${s.tally.confirmed} confirmed${refusals(door, depth, s.tally)}; service CPU ${cpu.toFixed(0)} µs per decision (no shared commits)`,
    });
  }
  return rows;
}

export async function authzenBench(): Promise<Row[]> {
  const seconds = Number(process.env['WRIT_BENCH_SECONDS'] ?? 4);
  const samples = Number(process.env['WRIT_BENCH_SAMPLES'] ?? 400);
  const durability = process.env['WRIT_BENCH_DURABILITY'] ?? 'full';
  // WRIT_BENCH_SERVICE_ARGS passes node flags to the service, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
  const nodeArgs = (process.env['WRIT_BENCH_SERVICE_ARGS'] ?? '').split(' ').filter((arg) => arg !== '');
  const service = await startService({ env: { WRIT_DURABILITY: durability }, nodeArgs });
  try {
    const bench = await AuthzenBenchWorld.create(service, CLIENTS);
    const rows: Row[] = [];
    for (const depth of DEPTHS) rows.push(...(await depthRows(bench, depth, seconds, samples)));
    console.log(`AuthZEN bench: durability ${durability}; ${availableParallelism()} cores shared by the service and its ${CLIENTS} clients`);
    return rows;
  } finally {
    await service.destroy();
  }
}
