// Runtime authorization figures (issue 7): decision latency at chain depth 1, 5 and 10
// on a ledger holding many agents (WRIT_BENCH_AGENTS, 100,000 by default), and sustained
// recorded decisions per second with 64 concurrent agents, beside the bare Node Ed25519
// verify rate measured in the same run. Decisions run in process through the runtime's
// authorize (parse, verify, decide at the head, durable group commit, signed checkpoint,
// receipt with its inclusion proof); no HTTP. Statements are signed ahead of the timed part.
// Signatures are checked as the service checks them (worker threads beside the main
// thread when there is more than one core); WRIT_BENCH_SIGNATURE_THREADS=0 checks them
// inline for comparison, WRIT_BENCH_CHUNK fixes the checks per worker message. Other
// knobs: WRIT_BENCH_SAMPLES, WRIT_BENCH_SUSTAINED_MS, WRIT_BENCH_DURABILITY=normal.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerRuntime } from '../src/application/ledger/ledger-runtime';
import { memoryKeyStore, seedSigner } from '../src/application/ledger/ledger-signer';
import { monotonicClock } from '../src/application/ledger/ledger-clock';
import type { SignedStatement, Statement } from '../src/integrity/statement';
import { toBase64Url } from '../src/integrity/bytes';
import { defaultSignatureThreads, statementSignatures, type StatementSignatures } from '../src/application/ledger/statement-signatures';
import { SqliteEventStore } from '../src/storage/sqlite/sqlite-event-store';
import { measure, median, percentiles, type Row } from './harness';
import type { Ceilings } from './ceilings';
import { ChainWorld, MODEL, party, type Party } from './chain-world';
import { cpuNote, mainThreadCpuMs, verifyCpuMs } from './thread-cpu';

// From a seed through PKCS#8, not generateKeyPairSync + JWK export: on Node 20 that pair
// can deadlock when a GC runs a finished key-generation job's destructor mid-export.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
function rawPublicKey(seed: Buffer): string {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return toBase64Url(new Uint8Array(spki.subarray(spki.length - 32)));
}

/** The runtime's default signature checking, unless WRIT_BENCH_SIGNATURE_THREADS / WRIT_BENCH_CHUNK say otherwise. */
function benchSignatures(): StatementSignatures {
  const threads = process.env['WRIT_BENCH_SIGNATURE_THREADS'];
  const chunk = process.env['WRIT_BENCH_CHUNK'];
  return statementSignatures(threads === undefined ? defaultSignatureThreads() : Number(threads), {
    ...(chunk === undefined ? {} : { chunk: Number(chunk) }),
    onWorkerDeath: (e) => console.error(`signature worker died: ${e.message}`),
  });
}

/** Commit batches seen, to report the batch sizes group commit reached. */
const batches: number[] = [];

/** The runtime in this process, and the chains (chain-world.ts) submitted straight into it. */
class BenchLedger {
  private constructor(
    readonly dir: string,
    readonly runtime: LedgerRuntime,
    readonly world: ChainWorld,
  ) {}

  static async create(durability: 'full' | 'normal'): Promise<BenchLedger> {
    const ledgerId = `bench-${randomUUID()}`;
    const ledger = party('ledger');
    const admin = party('admin');
    const seed = new Uint8Array(randomBytes(32));
    const signer = seedSigner(seed);
    const dir = mkdtempSync(join(tmpdir(), 'writ-decisions-bench-'));
    const store = new SqliteEventStore(join(dir, 'writ.db'), { durability });
    const genesis: Statement = {
      v: 1, ledgerId, type: 'ledger.genesis', actor: ledger.id, nonce: randomUUID(), issuedAt: new Date().toISOString(),
      body: { publicKey: toBase64Url(signer.publicKey), admins: [{ principalId: admin.id, kind: 'human', name: 'Admin', publicKey: admin.publicKey }] },
    };
    const runtime = await LedgerRuntime.create({ store, signer, keys: memoryKeyStore(seed), clock: monotonicClock(), originHost: 'bench.local', signatures: benchSignatures(), observer: { committed: (_e, size) => void batches.push(size) } }, genesis);
    const must = async (inputs: readonly SignedStatement[]): Promise<void> => {
      const results = await runtime.submitBatch(inputs);
      const refused = results.find((r) => !r.ok);
      if (refused !== undefined && !refused.ok) throw new Error(`bench setup refused: ${JSON.stringify(refused.problems[0])}`);
    };
    return new BenchLedger(dir, runtime, await ChainWorld.create(ledgerId, admin, must));
  }

  /** `count` agents owned by the human, provisioned in batches (their keys are real, their seeds unused). */
  async fillerAgents(count: number): Promise<void> {
    const { world } = this;
    for (let done = 0; done < count; ) {
      const batch = Math.min(512, count - done);
      const inputs = Array.from({ length: batch }, () => {
        const raw = rawPublicKey(randomBytes(32));
        return world.signed(world.human, 'agent.provisioned', { agentId: `filler-${randomUUID()}`, ownerId: world.human.id, publicKey: raw, purpose: 'filler', model: MODEL });
      });
      await world.must(inputs);
      done += batch;
    }
  }

  chain(depth: number): Promise<{ agent: Party; credentialId: string }> {
    return this.world.chain(depth);
  }

  request(agent: Party, credentialId: string): SignedStatement {
    return this.world.request(agent, credentialId);
  }

  async decide(input: SignedStatement): Promise<void> {
    const r = await this.runtime.authorize(input);
    if (!r.ok || r.answer.decision !== 'allowed') throw new Error(`bench decision not allowed: ${JSON.stringify(r.ok ? r.answer : r.problems)}`);
  }
}

async function latencyRows(bench: BenchLedger, agents: number, samples: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const depth of [1, 5, 10]) {
    const { agent, credentialId } = await bench.chain(depth);
    const inputs = Array.from({ length: samples + 50 }, () => bench.request(agent, credentialId));
    const times: number[] = [];
    for (const [i, input] of inputs.entries()) {
      const start = performance.now();
      await bench.decide(input);
      if (i >= 50) times.push(performance.now() - start);
    }
    const { p50, p99 } = percentiles(times);
    // The rarer pauses (a scavenge, a WAL checkpoint) that p99 does not show.
    const sorted = [...times].sort((x, y) => x - y);
    const p999 = sorted[Math.floor(0.999 * sorted.length)] ?? NaN;
    const max = sorted.at(-1) ?? NaN;
    rows.push({
      name: `decision latency, chain depth ${depth}, single client`,
      opsPerSecond: 1000 / p50,
      note: `p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms${depth === 10 ? ' (target p99 < 5 ms)' : ''}, p99.9 ${p999.toFixed(2)} ms, max ${max.toFixed(2)} ms; ${samples} recorded decisions; ${agents.toLocaleString('en-US')} agents on the ledger`,
    });
  }
  return rows;
}

/**
 * 64 agents, each with its own chain and credential, each sending its next request as
 * soon as the last is answered. Measured in rounds alternating with the bare verify
 * ceiling (the machine is shared and noisy), keeping the median of per-round ratios.
 */
async function sustainedRow(bench: BenchLedger, ceilings: Ceilings, ms: number): Promise<Row> {
  const clients = await Promise.all(Array.from({ length: 64 }, () => bench.chain(1)));
  const rounds = 3;
  const roundMs = ms / rounds;
  // Signed ahead: the clients' own signing is not the ledger's work.
  const perClient = Math.ceil((ceilings.ed25519Verify.opsPerSecond * (roundMs / 1000)) / 64) + 50;
  const rates: number[] = [];
  const ratios: number[] = [];
  const ceilingRates: number[] = [];
  let total = 0;
  let mainCpuMs = 0;
  let ceilingCpuMsPerOp = 0;
  batches.length = 0;
  for (let round = 0; round < rounds; round++) {
    const ceiling = measureVerifyCeiling();
    ceilingCpuMsPerOp += verifyCpuMs() / rounds;
    const queues = clients.map(({ agent, credentialId }) => Array.from({ length: perClient }, () => bench.request(agent, credentialId)));
    let count = 0;
    const cpuBefore = mainThreadCpuMs();
    const start = performance.now();
    const deadline = start + roundMs;
    await Promise.all(
      queues.map(async (queue) => {
        for (const input of queue) {
          if (performance.now() >= deadline) return;
          await bench.decide(input);
          count++;
        }
      }),
    );
    const rate = count / ((performance.now() - start) / 1000);
    if (cpuBefore !== undefined) mainCpuMs += mainThreadCpuMs()! - cpuBefore;
    total += count;
    rates.push(rate);
    ceilingRates.push(ceiling);
    ratios.push(rate / ceiling);
  }
  return {
    name: 'sustained recorded decisions, 64 concurrent agents',
    opsPerSecond: median(rates),
    ceiling: { name: 'bare Node Ed25519 verify', opsPerSecond: median(ceilingRates) },
    pairedRatio: median(ratios),
    target: 0.6,
    note: `median of ${rounds} rounds alternating with the ceiling; ${total} decisions, mean ${(total / Math.max(1, batches.length)).toFixed(1)} per commit batch${cpuNote('decision', mainCpuMs, total, ceilingCpuMsPerOp)}`,
  };
}

/** The same bare primitive as bench/ceilings.ts, re-measured beside each round. */
function measureVerifyCeiling(): number {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const message = Buffer.alloc(400, 7);
  const signature = nodeSign(null, message, privateKey);
  return measure('bare Node Ed25519 verify', () => nodeVerify(null, message, publicKey, signature), 400, 20).opsPerSecond;
}

export async function decisionsBench(ceilings: Ceilings): Promise<Row[]> {
  const agents = Number(process.env['WRIT_BENCH_AGENTS'] ?? 100_000);
  const durability = process.env['WRIT_BENCH_DURABILITY'] === 'normal' ? 'normal' : 'full';
  const bench = await BenchLedger.create(durability);
  const fillStart = performance.now();
  await bench.fillerAgents(agents);
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const rows = [
    ...(await latencyRows(bench, agents, Number(process.env['WRIT_BENCH_SAMPLES'] ?? 2000))),
    await sustainedRow(bench, ceilings, Number(process.env['WRIT_BENCH_SUSTAINED_MS'] ?? 5000)),
  ];
  await bench.runtime.close();
  rmSync(bench.dir, { recursive: true, force: true });
  return [
    ...rows,
    { name: `setup: ${agents.toLocaleString('en-US')} agents provisioned (durability ${durability})`, opsPerSecond: agents / fillSeconds, note: `${fillSeconds.toFixed(1)} s` },
  ];
}
