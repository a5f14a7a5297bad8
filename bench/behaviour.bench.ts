// The behaviour read model's cost on decisions (issue 21): decision latency (p50/p99, one
// client, chain depth 1) and sustained decisions (16 concurrent agents, each with its own
// chain and credential), on two ledgers alike except that one's read models keep the
// behaviour read model (baselines and `anomalies`) and the other's do not
// (ProjectionStoreOptions.behaviour, which only this bench turns off). The runtime's own
// tracker (the containment check in the committer) runs in both. Both run in this
// process, in alternating rounds (on first in even rounds, off first in odd ones), so the
// machine's load hits both alike; after each side's round the bench waits, untimed, until
// its read models have applied the whole log (the drain time is reported), so a backlog
// never spills into the other side's round. Target: the two at most 10% apart.
// Knobs: WRIT_BENCH_BEHAVIOUR_ROUNDS (5), WRIT_BENCH_SAMPLES (decisions per latency round,
// 400), WRIT_BENCH_SUSTAINED_MS (per sustained round, 1000).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerRuntime } from '../src/application/ledger/ledger-runtime';
import { memoryKeyStore, seedSigner } from '../src/application/ledger/ledger-signer';
import { monotonicClock } from '../src/application/ledger/ledger-clock';
import { defaultSignatureThreads, statementSignatures } from '../src/application/ledger/statement-signatures';
import { runtimeSource } from '../src/application/projections/log-sources';
import { ProjectionStore } from '../src/application/projections/projection-store';
import { ReadModels } from '../src/application/projections/read-models';
import { toBase64Url } from '../src/integrity/bytes';
import type { SignedStatement, Statement } from '../src/integrity/statement';
import { SqliteEventStore } from '../src/storage/sqlite/sqlite-event-store';
import { ChainWorld, party, type Party } from './chain-world';
import { median, percentiles, type Row } from './harness';

const CLIENTS = 16;

class Side {
  private constructor(
    readonly name: 'on' | 'off',
    readonly dir: string,
    readonly runtime: LedgerRuntime,
    readonly models: ReadModels,
    readonly world: ChainWorld,
  ) {}

  static async create(name: 'on' | 'off'): Promise<Side> {
    const ledgerId = `bench-${randomUUID()}`;
    const ledger = party('ledger');
    const admin = party('admin');
    const seed = new Uint8Array(randomBytes(32));
    const signer = seedSigner(seed);
    const dir = mkdtempSync(join(tmpdir(), `writ-behaviour-bench-${name}-`));
    const genesis: Statement = {
      v: 1, ledgerId, type: 'ledger.genesis', actor: ledger.id, nonce: randomUUID(), issuedAt: new Date().toISOString(),
      body: { publicKey: toBase64Url(signer.publicKey), admins: [{ principalId: admin.id, kind: 'human', name: 'Admin', publicKey: admin.publicKey }] },
    };
    const runtime = await LedgerRuntime.create(
      { store: new SqliteEventStore(join(dir, 'writ.db')), signer, keys: memoryKeyStore(seed), clock: monotonicClock(), originHost: 'bench.local', signatures: statementSignatures(defaultSignatureThreads()) },
      genesis,
    );
    // As the service keeps them: a file beside the log, following it live.
    const models = new ReadModels(new ProjectionStore(join(dir, 'read-models.db'), { behaviour: name === 'on' }));
    await models.follow(runtimeSource(runtime));
    const must = async (inputs: readonly SignedStatement[]): Promise<void> => {
      const refused = (await runtime.submitBatch(inputs)).find((r) => !r.ok);
      if (refused !== undefined && !refused.ok) throw new Error(`bench setup refused: ${JSON.stringify(refused.problems[0])}`);
    };
    return new Side(name, dir, runtime, models, await ChainWorld.create(ledgerId, admin, must));
  }

  async decide(input: SignedStatement): Promise<void> {
    const r = await this.runtime.authorize(input);
    if (!r.ok || r.answer.decision !== 'allowed') throw new Error(`bench decision not allowed: ${JSON.stringify(r.ok ? r.answer : r.problems)}`);
  }

  /** Untimed: until the read models applied the whole log; the milliseconds it took. */
  async drain(): Promise<number> {
    const start = performance.now();
    if (!(await this.models.waitFor(this.runtime.size() - 1, 60_000))) throw new Error(`read models (${this.name}) did not catch up within 60 s`);
    return performance.now() - start;
  }

  async close(): Promise<void> {
    this.models.close();
    await this.runtime.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

interface Clients {
  readonly single: { agent: Party; credentialId: string };
  readonly many: readonly { agent: Party; credentialId: string }[];
}

async function latencyRound(side: Side, c: Clients, samples: number): Promise<number[]> {
  const inputs = Array.from({ length: samples }, () => side.world.request(c.single.agent, c.single.credentialId));
  const times: number[] = [];
  for (const input of inputs) {
    const start = performance.now();
    await side.decide(input);
    times.push(performance.now() - start);
  }
  return times;
}

async function sustainedRound(side: Side, c: Clients, ms: number): Promise<number> {
  // Signed ahead (the clients' signing is not the ledger's work); more than a round can use.
  const queues = c.many.map(({ agent, credentialId }) => Array.from({ length: Math.ceil((ms / 1000) * 400) }, () => side.world.request(agent, credentialId)));
  let count = 0;
  const start = performance.now();
  const deadline = start + ms;
  await Promise.all(
    queues.map(async (queue) => {
      for (const input of queue) {
        if (performance.now() >= deadline) return;
        await side.decide(input);
        count++;
      }
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

export async function behaviourBench(): Promise<Row[]> {
  const rounds = Number(process.env['WRIT_BENCH_BEHAVIOUR_ROUNDS'] ?? 5);
  const samples = Number(process.env['WRIT_BENCH_SAMPLES'] ?? 400);
  const sustainedMs = Number(process.env['WRIT_BENCH_SUSTAINED_MS'] ?? 1000);
  const sides = [await Side.create('on'), await Side.create('off')] as const;
  const clients = new Map<Side, Clients>();
  for (const side of sides) clients.set(side, { single: await side.world.chain(1), many: await Promise.all(Array.from({ length: CLIENTS }, () => side.world.chain(1))) });
  const times = { on: [] as number[], off: [] as number[] };
  const rates = { on: [] as number[], off: [] as number[] };
  const drains = { on: [] as number[], off: [] as number[] };
  // Warm-up, untimed: JIT, caches and each agent's first decisions (a new agent's baseline).
  for (const side of sides) {
    await latencyRound(side, clients.get(side)!, 100);
    await side.drain();
  }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? sides : ([sides[1], sides[0]] as const);
    for (const side of order) {
      times[side.name].push(...(await latencyRound(side, clients.get(side)!, samples)));
      drains[side.name].push(await side.drain());
    }
    for (const side of order) {
      rates[side.name].push(await sustainedRound(side, clients.get(side)!, sustainedMs));
      drains[side.name].push(await side.drain());
    }
  }
  const anomalies = (side: Side) => side.models.store.db.prepare('SELECT count(*) FROM anomalies').pluck().get() as number;
  const rows: Row[] = [];
  const lat = { on: percentiles(times.on), off: percentiles(times.off) };
  const apart = (a: number, b: number) => `${((Math.abs(a - b) / Math.min(a, b)) * 100).toFixed(1)}% apart`;
  for (const name of ['on', 'off'] as const) {
    rows.push({
      name: `decision latency, chain depth 1, single client, behaviour read model ${name}`,
      opsPerSecond: 1000 / lat[name].p50,
      note: `p50 ${lat[name].p50.toFixed(2)} ms, p99 ${lat[name].p99.toFixed(2)} ms; ${times[name].length} decisions in ${rounds} rounds${name === 'off' ? `; p50 ${apart(lat.on.p50, lat.off.p50)}, p99 ${apart(lat.on.p99, lat.off.p99)} (target <= 10%)` : ''}`,
    });
  }
  for (const name of ['on', 'off'] as const) {
    const rate = median(rates[name]);
    rows.push({
      name: `sustained recorded decisions, ${CLIENTS} concurrent agents, behaviour read model ${name}`,
      opsPerSecond: rate,
      note: `median of ${rounds} rounds of ${sustainedMs} ms; read models drained in at most ${Math.max(...drains[name]).toFixed(0)} ms after a round; ${anomalies(sides[name === 'on' ? 0 : 1])} anomaly rows${name === 'off' ? `; ${apart(median(rates.on), rate)} (target <= 10%)` : ''}`,
    });
  }
  for (const side of sides) await side.close();
  return rows;
}
