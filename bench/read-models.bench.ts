// Read-model benchmarks (issue 6). A deterministic generator (fixed seed) builds a
// ledger's worth of recorded events (default 1M: 10k humans, 100k agents in chains up to
// depth 10, one human with 1,000 agents, credentials, lifecycle events, decisions),
// projects them into a file-backed read-model database, and measures:
//   - the projection rate in events/s beside the bare SQLite insert rate (same run);
//   - p50/p99 of lineage at depth 10, agentsUnder for the 1,000-agent human, each
//     inventory (first page), and the same queries asOf random past positions.
// Events are synthetic (unsigned): this measures the read models, not the ledger.
// The rebuild uses two threads, as `writ projections rebuild` does (bulk-writer.ts): a
// batch job run before the service serves may use a second core; the bare insert uses one.
// Both are timed by the wall clock (a round's rows all written before it stops), with the
// CPU per event beside, as the wall clock moves with the neighbours' load.
// Scale: `node dist/bench/read-models.bench.js [events]`, `node dist/bench/run.js read-models --events=N`
// or WRIT_BENCH_RM_EVENTS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '../src/domain';
import { globalPosition } from '../src/integrity/brands';
import { ProjectionStore } from '../src/application/projections/projection-store';
import { ReadModels } from '../src/application/projections/read-models';
import { ReadService, type At } from '../src/application/queries/read-service';
import { percentiles, type Row } from './harness';
import { mainThreadCpuMs } from './thread-cpu';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const SPAN = 180 * DAY;
const CAPS = [
  { resource: 'erp://po/**', actions: ['approve', 'create', 'read'] },
  { resource: 'crm://customers/**', actions: ['read', 'update'] },
];

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Plan {
  readonly total: number;
  readonly humans: number;
  readonly agents: number;
  /** Per agent: its owner and its delegation chain, leaf first: [delegation, delegatee] pairs. */
  readonly owner: string[];
  readonly chain: { d: string; a: string }[][];
  readonly depth10: string[];
  readonly bigHuman: string;
}

/** Yields the events in pages; positions are 0..total-1, recordedAt increasing over 180 days. */
export function* generate(total: number, seed = 6): Generator<RecordedEvent[], Plan> {
  const random = rng(seed);
  const humans = Math.max(10, Math.round(total / 100));
  const agents = Math.max(1100, Math.round(total / 10));
  const owner: string[] = [];
  const chain: { d: string; a: string }[][] = [];
  const depth10: string[] = [];
  let position = 0;
  let page: RecordedEvent[] = [];
  const at = (p: number) => new Date(START + Math.floor((p / total) * SPAN)).toISOString();
  const emit = (type: string, actor: string, body: Record<string, unknown>, result?: unknown) => {
    const p = position++;
    const recordedAt = at(p);
    const e = { type, stream: 'bench', statement: { v: 1 as const, ledgerId: 'bench', type, actor, nonce: `n${p}`, issuedAt: recordedAt, body }, recordedAt, hash: p.toString(16).padStart(64, '0'), position: globalPosition(p) };
    page.push((result === undefined ? e : { ...e, result }) as unknown as RecordedEvent);
  };
  emit('ledger.genesis', 'ledger', { publicKey: 'k', admins: [{ principalId: 'admin', kind: 'human', name: 'Admin', publicKey: 'k' }] });
  for (let h = 0; h < humans; h++) {
    emit('principal.registered', 'admin', { principalId: `h${h}`, kind: 'human', name: `H${h}`, publicKey: 'k' });
    emit('principal.entitlement_granted', 'admin', { principalId: `h${h}`, entitlementId: `e${h}`, capability: { resource: '*://**', actions: ['approve', 'create', 'read', 'update'] } });
  }
  // Agents: h0 owns 1,000; the rest are spread over the humans, in chains of 1 to 10.
  let made = 0;
  const provision = (h: number, length: number) => {
    let parentChain: { d: string; a: string }[] = [];
    for (let i = 0; i < length && made < agents; i++) {
      const id = `a${made++}`;
      const parent = parentChain[0]?.a;
      emit('agent.provisioned', parent ?? `h${h}`, { agentId: id, ownerId: `h${h}`, publicKey: 'k', purpose: 'bench', model: { name: 'm', version: '1' }, ...(parent ? { parentAgentId: parent } : {}) });
      const d = `d${id}`;
      const notAfter = new Date(START + SPAN * (0.6 + random() * 0.8)).toISOString();
      const body = parent === undefined ? { entitlementId: `e${h}` } : { parentId: parentChain[0]!.d };
      emit('delegation.granted', parent ?? `h${h}`, { delegationId: d, delegateeId: id, ...body, capabilities: CAPS, notBefore: new Date(START).toISOString(), notAfter, depth: 10 - i, purpose: 'bench' });
      parentChain = [{ d, a: id }, ...parentChain];
      owner.push(`h${h}`);
      chain.push(parentChain);
      if (parentChain.length === 10) depth10.push(d);
    }
  };
  for (let i = 0; i < 100; i++) provision(0, 10);
  while (made < agents) provision(1 + Math.floor(random() * (humans - 1)), 1 + Math.floor(random() * 10));
  // Then credentials, decisions and lifecycle, until the total.
  const credential: (string | undefined)[] = [];
  let c = 0;
  while (position < total) {
    if (page.length >= 20_000) {
      yield page;
      page = [];
    }
    const roll = random();
    const a = Math.floor(random() * agents);
    const agentId = `a${a}`;
    const t = START + Math.floor((position / total) * SPAN);
    if (roll < 0.1 || credential[a] === undefined) {
      const id = `c${c++}`;
      credential[a] = id;
      const long = random() < 0.01;
      emit('credential.issued', agentId, { credentialId: id, delegationId: chain[a]![0]!.d, task: { id: 't' } }, {
        issuedAt: new Date(t).toISOString(), expiresAt: new Date(t + (long ? 7 * DAY : 300_000)).toISOString(), boundKey: 'k', capabilities: CAPS, chain: [],
      });
    } else if (roll < 0.97) {
      const links = chain[a]!;
      const allowed = random() < 0.9;
      const hops = [{ kind: 'credential', id: credential[a], hash: 'h', position: 0, capability: 0 }];
      for (const l of links) hops.push({ kind: 'agent', id: l.a, hash: 'h', position: 0 } as never, { kind: 'delegation', id: l.d, hash: 'h', position: 0, capability: 0 });
      hops.push({ kind: 'principal', id: owner[a]!, hash: 'h', position: 0 } as never, { kind: 'entitlement', id: `e${owner[a]!.slice(1)}`, hash: 'h', position: 0, capability: 0 });
      const action = random() < 0.7 ? 'read' : 'create';
      emit(allowed ? 'action.authorized' : 'action.denied', agentId, { requestId: `r${position}`, credentialId: credential[a], action, resource: `erp://po/${position % 1000}`, taskId: 't' },
        allowed ? { decision: 'allowed', chain: hops } : { decision: 'denied', reason: 'capability.not_covered', chain: hops });
    } else if (roll < 0.98) {
      emit('agent.reviewed', owner[a]!, { agentId });
    } else if (roll < 0.985) {
      emit('agent.model_changed', owner[a]!, { agentId, model: { name: 'm', version: String(position) } });
    } else if (roll < 0.99) {
      emit('credential.revoked', agentId, { credentialId: credential[a] });
    } else if (roll < 0.995) {
      emit('agent.suspended', owner[a]!, { agentId });
    } else if (roll < 0.996) {
      emit('principal.deactivated', 'admin', { principalId: `h${1 + Math.floor(random() * (humans - 1))}` });
    } else {
      emit('agent.resumed', owner[a]!, { agentId });
    }
  }
  yield page;
  return { total, humans, agents, owner, chain, depth10, bigHuman: 'h0' };
}

/**
 * Pages (of 1,000 events) per round of the alternation: the rebuild pipelines pages within
 * a round. Rounds of 50 pages held 50k events in memory and made both sides slower (wall
 * per event at 1M: rebuild 17.0 µs, bare insert 2.6, against 15.1 and 2.2 with rounds of 10).
 */
const ROUND_PAGES = 10;

/** The bare insert: one row per event into a plain table, in transactions of a page each. */
function bareInserter(dir: string): { insert: (from: number, count: number) => void; close: () => void } {
  const db = new Database(join(dir, 'bare.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY, type TEXT NOT NULL, stream TEXT NOT NULL, actor TEXT NOT NULL, hash TEXT NOT NULL, data TEXT NOT NULL)');
  const row = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)');
  const batch = db.transaction((from: number, count: number) => {
    for (let p = from; p < from + count; p++) row.run(p, 'action.authorized', 'actions-a1', 'a1', p.toString(16).padStart(64, '0'), '{"requestId":"r","action":"read","resource":"erp://po/1"}');
  });
  return { insert: (from, count) => batch(from, count), close: () => db.close() };
}

async function latency(name: string, runs: number, op: (i: number) => Promise<unknown>): Promise<{ name: string; p50: number; p99: number }> {
  for (let i = 0; i < Math.min(20, runs); i++) await op(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await op(i);
    samples.push(performance.now() - t);
  }
  return { name, ...percentiles(samples) };
}

/** `--events=N` (as `node dist/bench/run.js read-models --events=200000` passes it), else WRIT_BENCH_RM_EVENTS, else 1M. */
function eventsWanted(): number {
  const flag = process.argv.find((a) => a.startsWith('--events='));
  return Number(flag?.slice('--events='.length) ?? process.env['WRIT_BENCH_RM_EVENTS'] ?? 1_000_000);
}

export async function readModelsBench(total = eventsWanted()): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'writ-rm-bench-'));
  try {
    // As `writ projections rebuild` does: a fresh file without a journal, switched to WAL after.
    const store = new ProjectionStore(join(dir, 'read-models.db'), { bulk: true });
    const gen = generate(total);
    // Projection and bare insert alternate round by round (ROUND_PAGES pages each), so load
    // from other processes hits both sides of the ratio alike. A round of the projection
    // ends when its last page is in the file (settle): the writer thread runs a page behind
    // the evolving one, and its work must not spill into the bare insert's time.
    const bare = bareInserter(dir);
    const apply = new Clocks();
    const bareClocks = new Clocks();
    let step = gen.next();
    while (!step.done) {
      const round: RecordedEvent[][] = [];
      for (; !step.done && round.length < ROUND_PAGES; step = gen.next()) round.push(step.value);
      apply.time(() => {
        for (const page of round) store.apply(page);
        store.settle();
      });
      bareClocks.time(() => {
        for (const page of round) bare.insert(page[0]!.position, page.length);
      });
    }
    bare.close();
    // Finishing (head rows, then the secondary indexes, built once over the whole tables)
    // is part of the rebuild's time; it is also shown on its own, as no evolve overlaps it.
    const finish = new Clocks();
    finish.time(() => store.finishBulk());
    apply.add(finish);
    const applyMs = apply.wallMs;
    const bareMs = bareClocks.wallMs;
    const plan = step.value;
    const rebuildRate = total / (applyMs / 1000);
    const bareRate = total / (bareMs / 1000);
    const models = new ReadModels(store);
    const head = models.position;
    const service = new ReadService(models, undefined, () => START + SPAN);
    const admin = { id: 'admin', kind: 'human', roles: ['admin'] };
    const random = rng(99);
    const past = () => Math.floor(head * (0.5 + random() * 0.5));
    const unwrap = async (p: Promise<{ ok: boolean }>) => {
      const r = await p;
      if (!r.ok) throw new Error(JSON.stringify(r));
      return r;
    };
    const queries: [string, (at: At, i: number) => Promise<unknown>][] = [
      ['lineage, delegation at depth 10', (at, i) => unwrap(service.lineage(admin, { delegation: plan.depth10[i % plan.depth10.length]! }, at))],
      ['lineage, decision at depth 10', (at, i) => unwrap(service.lineage(admin, { decisionAt: decisionAtDepth10(store, plan, i, at.asOf?.position ?? head) }, at))],
      ['agentsUnder (1,000 agents)', (at) => unwrap(service.agentsUnder(admin, plan.bigHuman, at, { first: 1000 }))],
      ['orphaned', (at) => unwrap(service.orphaned(admin, null, at, {}))],
      ['dormant(30)', (at) => unwrap(service.dormant(admin, 30, null, at, {}))],
      ['overScoped(30)', (at) => unwrap(service.overScoped(admin, 30, null, at, {}))],
      ['unreviewed(90)', (at) => unwrap(service.unreviewed(admin, 90, null, at, {}))],
      ['expiring(48h)', (at) => unwrap(service.expiring(admin, 48, null, at, {}))],
      ['standing', (at) => unwrap(service.standing(admin, null, at, {}))],
    ];
    const lines = [`\nRead models: ${total.toLocaleString('en-US')} events (${plan.humans.toLocaleString('en-US')} humans, ${plan.agents.toLocaleString('en-US')} agents, ${plan.depth10.length} chains of depth 10); file ${Math.round(dbSize(store) / 1e6)} MB`,
      `Rebuild per event: ${apply.note(total)} (of which finishing: ${finish.note(total)}); bare insert: ${bareClocks.note(total)}.`, '', '| query | head p50 ms | head p99 ms | asOf p50 ms | asOf p99 ms | asOf/head (p50) |', '| --- | ---: | ---: | ---: | ---: | ---: |'];
    for (const [name, run] of queries) {
      const runs = name.startsWith('lineage') ? 1000 : 100;
      const h = await latency(name, runs, (i) => run({}, i));
      const a = await latency(name, runs, (i) => run({ asOf: { position: past() } }, i));
      lines.push(`| ${name} | ${h.p50.toFixed(3)} | ${h.p99.toFixed(3)} | ${a.p50.toFixed(3)} | ${a.p99.toFixed(3)} | ${(a.p50 / h.p50).toFixed(2)}x |`);
    }
    console.log(lines.join('\n'));
    models.close();
    return [
      {
        name: `projection rebuild (${total.toLocaleString('en-US')} events)`,
        opsPerSecond: rebuildRate,
        ceiling: { name: `bare SQLite insert, one row per event, alternating rounds of ${ROUND_PAGES} pages`, opsPerSecond: bareRate },
        target: 0.3,
        note: 'two threads: evolve here, SQLite on a writer thread',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Wall-clock and CPU time (this thread; all threads) of the timed sections. */
class Clocks {
  wallMs = 0;
  mainCpuMs = 0;
  allCpuMs = 0;

  time(run: () => void): void {
    const main = mainThreadCpuMs() ?? 0;
    const all = process.cpuUsage();
    const t = performance.now();
    run();
    this.wallMs += performance.now() - t;
    this.mainCpuMs += (mainThreadCpuMs() ?? 0) - main;
    const used = process.cpuUsage(all);
    this.allCpuMs += (used.user + used.system) / 1000;
  }

  add(other: Clocks): void {
    this.wallMs += other.wallMs;
    this.mainCpuMs += other.mainCpuMs;
    this.allCpuMs += other.allCpuMs;
  }

  note(events: number): string {
    const us = (ms: number) => `${((ms * 1000) / events).toFixed(1)} µs`;
    return `wall ${us(this.wallMs)}, main thread ${us(this.mainCpuMs)}, all threads ${us(this.allCpuMs)}`;
  }
}

const decisionCache = new Map<string, number>();
/** A decision made by a depth-10 agent at or before `p` (its chain has 10 delegations). */
function decisionAtDepth10(store: ProjectionStore, plan: Plan, i: number, p: number): number {
  const agent = `a${plan.depth10[i % plan.depth10.length]!.slice(2)}`;
  const key = `${agent}@${p}`;
  let found = decisionCache.get(key);
  if (found === undefined) {
    found = (store.db.prepare('SELECT position FROM events WHERE agent_id = ? AND chain_id IS NOT NULL AND position <= ? ORDER BY position DESC LIMIT 1').pluck().get(agent, p) as number | undefined) ?? 0;
    decisionCache.set(key, found);
  }
  return found;
}

function dbSize(store: ProjectionStore): number {
  const pages = store.db.pragma('page_count', { simple: true }) as number;
  const size = store.db.pragma('page_size', { simple: true }) as number;
  return pages * size;
}

if (require.main === module) {
  const total = Number(process.argv[2] ?? process.env['WRIT_BENCH_RM_EVENTS'] ?? 1_000_000);
  readModelsBench(total)
    .then((rows) => {
      for (const row of rows) console.log(`${row.name}: ${Math.round(row.opsPerSecond)} events/s; ${row.ceiling!.name}: ${Math.round(row.ceiling!.opsPerSecond)}/s; ratio ${(row.opsPerSecond / row.ceiling!.opsPerSecond).toFixed(2)}x (target ${row.target}x)`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
