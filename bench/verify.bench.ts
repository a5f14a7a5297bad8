// Verification rate of an NDJSON export (issue 8): events/s on one core and with
// signature worker threads on every core, beside the bare Node Ed25519 verify rate of the
// same run, and the verifier's peak RSS. Each verification runs in a fresh process, so
// its peak RSS is its own. `writ verify` confirms signatures with native libsodium where
// it loads (sodium-native.ts); the same runs with OpenSSL alone, and bare libsodium's own
// verify rate, are printed beside them so neither ceiling hides the other.
//   npm run bench -- verify                      (WRIT_BENCH_EVENTS=N to change the size)
//   node dist/bench/verify.bench.js --events N   (this suite alone)
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { installNodeSha256 } from '../src/integrity/sha256-node';
import { fromBase64Url } from '../src/integrity/bytes';
import { installKeyCheck, NATIVE_SODIUM_SWITCH, nativeEd25519, signatureEngineName, type NativeEd25519 } from '../src/integrity/ed25519/sodium-native';
import { exportLog, runVerify } from '../src/verify';
import { buildLedger } from '../test/support/ledger-builder';
import { measureCeilings, type Ceilings } from './ceilings';
import { fmt, formatRows, type Row } from './harness';
import { bareVerifyOnThreads } from './parallel-verify';

const DEFAULT_EVENTS = 1_000_000;

interface ChildResult {
  readonly events: number;
  readonly seconds: number;
  readonly maxRssMiB: number;
  readonly ok: boolean;
  /** Bare Node Ed25519 verifies per second in the same process, just before and after. */
  readonly bareVerify: number;
  /** CPU seconds the verification took, all threads: on a shared machine this stays put when wall time does not. */
  readonly cpuSeconds: number;
  /** Bare verifies per CPU second, same process. */
  readonly bareVerifyPerCpuSecond: number;
  /** Bare native libsodium verifies per second, same process (when it is the engine). */
  readonly bareSodiumVerify?: number;
  readonly engine: string;
}

/** The verifier's heap is capped so that V8 collects instead of growing: RSS then shows the working set. */
const HEAP_MIB = 384;

/** Builds (or reuses) an export of about `events` events under the OS temp directory. */
async function exportOf(events: number): Promise<string> {
  const dir = join(tmpdir(), `writ-bench-verify-${events}`);
  const file = join(dir, 'ledger.ndjson');
  if (existsSync(file) && statSync(file).size > 0) return file;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  let shown = 0;
  await buildLedger({
    events,
    dataDir: join(dir, 'data'),
    // A working ledger's mix: mostly agents' requests, a few registrations (each new key
    // costs a curve check about as dear as a signature), a checkpoint per round.
    agentsPerRound: 200,
    actionsPerAgent: 20,
    onProgress: (n) => {
      if (n - shown >= 50_000) {
        shown = n;
        process.stderr.write(`  built ${n} events (${Math.round(n / ((Date.now() - started) / 1000))}/s)\n`);
      }
    },
  });
  await exportLog({ store: join(dir, 'data'), out: file });
  rmSync(join(dir, 'data'), { recursive: true, force: true });
  return file;
}

/** `sodium`: false runs it as WRIT_NATIVE_SODIUM=off does, OpenSSL alone. */
function verifyInChild(file: string, workers: number, sodium: boolean): ChildResult {
  const env = sodium ? process.env : { ...process.env, [NATIVE_SODIUM_SWITCH]: 'off' };
  const out = execFileSync(process.execPath, [`--max-old-space-size=${HEAP_MIB}`, __filename, '--child', file, String(workers)], { encoding: 'utf8', maxBuffer: 1 << 20, env });
  return JSON.parse(out) as ChildResult;
}

const cpuSecondsSince = (from: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
};

/** Bare verifies per second of wall time and per second of CPU time (as measureCeilings: ~400-byte message, prepared KeyObject). */
function bareRates(): { wall: number; cpu: number } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const message = Buffer.alloc(400, 7);
  const signature = sign(null, message, privateKey);
  return timed(() => verify(null, message, publicKey, signature));
}

/** The same for native libsodium's verify, the same message and a key of its own. */
function bareSodiumRate(native: NativeEd25519): number {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const message = Buffer.alloc(400, 7);
  const signature = sign(null, message, privateKey);
  const raw = fromBase64Url(publicKey.export({ format: 'jwk' }).x!)!;
  return timed(() => native.accepts(signature, message, raw)).wall;
}

function timed(verifyOnce: () => boolean): { wall: number; cpu: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < 2000) {
    for (let i = 0; i < 20; i++) if (!verifyOnce()) throw new Error('the bare verify refused its own signature');
    count += 20;
  }
  return { wall: count / ((performance.now() - started) / 1000), cpu: count / cpuSecondsSince(cpu) };
}

async function child(file: string, workers: number): Promise<void> {
  // As `writ verify` runs (src/cli/main.ts): Node's SHA-256 and libsodium's key check.
  installNodeSha256();
  const native = nativeEd25519();
  await installKeyCheck(native);
  const before = bareRates();
  const bareSodiumVerify = native ? bareSodiumRate(native) : undefined;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const report = await runVerify({ exportFile: file, workers });
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSecondsSince(cpu);
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  const after = bareRates();
  const result: ChildResult = {
    events: report.size, seconds, maxRssMiB, ok: report.ok, bareVerify: (before.wall + after.wall) / 2,
    cpuSeconds, bareVerifyPerCpuSecond: (before.cpu + after.cpu) / 2, engine: signatureEngineName(native),
    ...(bareSodiumVerify === undefined ? {} : { bareSodiumVerify }),
  };
  process.stdout.write(JSON.stringify(result));
}

export async function verifyBench(ceilings: Ceilings, events = Number(process.env.WRIT_BENCH_EVENTS ?? DEFAULT_EVENTS)): Promise<Row[]> {
  const file = await exportOf(events);
  const cores = availableParallelism();
  const one = verifyInChild(file, 1, true);
  const all = verifyInChild(file, cores, true);
  const opensslOne = verifyInChild(file, 1, false);
  const opensslAll = verifyInChild(file, cores, false);
  if (![one, all, opensslOne, opensslAll].every((r) => r.ok)) throw new Error('the bench export did not verify');
  const together = await bareVerifyOnThreads(cores);
  const alone = await bareVerifyOnThreads(1);
  const row = (name: string, r: ChildResult, target: number | undefined): Row => ({
    name,
    opsPerSecond: r.events / r.seconds,
    ceiling: { name: 'bare Node Ed25519 verify (same process, before and after)', opsPerSecond: r.bareVerify },
    target,
    ...(target === undefined ? {} : { target }),
    note:
      `signatures: ${r.engine}; ${fmt(r.events)} events in ${r.seconds.toFixed(1)} s, peak RSS ${Math.round(r.maxRssMiB)} MiB with a ${HEAP_MIB} MiB heap cap (target < 512); ` +
      `${fmt(r.events / r.cpuSeconds)} events per CPU second = ${(r.events / r.cpuSeconds / r.bareVerifyPerCpuSecond).toFixed(2)}x bare Node verifies per CPU second` +
      (r.bareSodiumVerify === undefined ? '' : `; ${(r.events / r.seconds / r.bareSodiumVerify).toFixed(2)}x bare libsodium verifies (${fmt(r.bareSodiumVerify)}/s, same process)`),
  });
  void ceilings; // the run's own ceiling is printed by run.ts; each row uses its process's own
  const threads = `--workers ${cores}: main + ${cores - 1} signature thread${cores > 2 ? 's' : ''}`;
  const spread = row(`verify export, ${cores} cores (${threads})`, all, 1.5);
  const sodiumSpeed = one.bareSodiumVerify;
  return [
    row('verify export, 1 core (--workers 1)', one, 0.8),
    { ...spread, note: `${spread.note}; ${((all.events / all.seconds / together) * 100).toFixed(0)}% of what ${cores} threads of bare Node verify give together` },
    row(`verify export, OpenSSL alone (${NATIVE_SODIUM_SWITCH}=off), 1 core`, opensslOne, undefined),
    row(`verify export, OpenSSL alone (${NATIVE_SODIUM_SWITCH}=off), ${cores} cores (${threads})`, opensslAll, undefined),
    {
      name: `bare Node Ed25519 verify on ${cores} threads at once (what the ${cores} cores give together)`,
      opsPerSecond: together,
      ceiling: { name: 'the same on 1 thread, just after', opsPerSecond: alone },
      note: `${cores}x would be ${cores} independent cores; less means the vCPUs share hardware (or are throttled)`,
    },
    ...(sodiumSpeed === undefined
      ? []
      : [{
          name: 'bare native libsodium Ed25519 verify (sodium-native; the 1-core child, same message size)',
          opsPerSecond: sodiumSpeed,
          ceiling: { name: 'bare Node Ed25519 verify (same process)', opsPerSecond: one.bareVerify },
          note: 'the engine writ verify confirms signatures with: its speed over OpenSSL is most of the rows above',
        }]),
  ];
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    void child(args[1]!, Number(args[2]));
  } else {
    installNodeSha256();
    const i = args.indexOf('--events');
    const events = i >= 0 ? Number(args[i + 1]) : Number(process.env.WRIT_BENCH_EVENTS ?? DEFAULT_EVENTS);
    const ceilings = measureCeilings();
    console.log(`Ceiling: ${ceilings.ed25519Verify.name} ${fmt(ceilings.ed25519Verify.opsPerSecond)}/s`);
    void verifyBench(ceilings, events).then((rows) => console.log(formatRows('Offline verification (issue 8)', rows)));
  }
}
