// The real service as a child process: `node dist/src/main.js` on a data directory, on
// a free loopback port (WRIT_PORT=0), ready when it prints `WRIT_READY <url>`. End-to-end
// specs and the benchmarks drive it over HTTP, kill it, and start it again on the same
// directory. Only node: imports, so bench/ can use it from dist/ as well.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SERVICE_V8_FLAGS } from '../../src/config/v8-flags';

export interface ServiceOptions {
  /** Reused when given (a restart, a prepared ledger); a fresh temp dir otherwise. */
  readonly dataDir?: string;
  /** Extra environment (WRIT_DURABILITY, WRIT_CHECKPOINT_INTERVAL_MS, ...). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for WRIT_READY; 30 s by default. */
  readonly readyTimeoutMs?: number;
  /** Extra node flags (e.g. --max-old-space-size). */
  readonly nodeArgs?: readonly string[];
}

export interface ServiceProcess {
  /** `http://127.0.0.1:<port>`, as the service printed it. */
  readonly url: string;
  readonly dataDir: string;
  readonly pid: number;
  readonly ledgerId: string;
  /** The C2SP verifier key the service printed (`<origin>+<key id>+<base64>`). */
  readonly verifierKey: string;
  /** `<host>/<ledgerId>`, the checkpoint origin. */
  readonly origin: string;
  /** True when this start created the ledger. */
  readonly created: boolean;
  /** Milliseconds from spawn to WRIT_READY. */
  readonly startMs: number;
  readonly files: { readonly store: string; readonly ledgerKey: string; readonly adminKey: string };
  /** Everything the process wrote so far (stdout and stderr interleaved). */
  output(): string;
  /** Text of the first admin's key file (`id` = the admin's principal id). */
  adminKeyFile(): string;
  /** SIGTERM (default) or SIGKILL; resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** SIGKILL: no shutdown hook runs, as in a crash or power cut of the process. */
  kill(): Promise<void>;
  /** Stops this process (if running) and starts a new one on the same data directory. */
  restart(options?: Omit<ServiceOptions, 'dataDir'>): Promise<ServiceProcess>;
  /** Stops the process and deletes the data directory if tempDataDir made it. */
  destroy(): Promise<void>;
}

const running = new Set<ChildProcess>();
/** Data directories tempDataDir made (their parent temp dir is removed by destroy()). */
const temporary = new Set<string>();
// A spec that fails before its afterAll must not leave services behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no repository root above ${from}`);
  }
}

export function tempDataDir(prefix = 'writ-e2e-'): string {
  const dir = join(mkdtempSync(join(tmpdir(), prefix)), 'data');
  temporary.add(dir);
  return dir;
}

/** Deletes a directory made by tempDataDir (with its temp parent); leaves any other alone. */
export function removeTempDataDir(dataDir: string): void {
  if (!temporary.delete(dataDir)) return;
  rmSync(dirname(dataDir), { recursive: true, force: true });
}

export async function startService(options: ServiceOptions = {}): Promise<ServiceProcess> {
  const root = repoRoot();
  const main = join(root, 'dist', 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (jest's globalSetup or npm run build)`);
  const dataDir = options.dataDir ?? tempDataDir();
  const env = { ...process.env, WRIT_DATA_DIR: dataDir, WRIT_PORT: '0', WRIT_HOST: '127.0.0.1', ...options.env };
  const started = performance.now();
  // The V8 flags `npm start` runs the service with, then the caller's.
  const child = spawn(process.execPath, [...SERVICE_V8_FLAGS, ...(options.nodeArgs ?? []), main], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (running.delete(child), resolve())));
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  try {
    await waitForReady(child, () => output, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  const startMs = performance.now() - started;
  const line = (label: string) => new RegExp(`^\\s*${label}\\s+(\\S+)`, 'm').exec(output)?.[1] ?? '';
  const verifierKey = line('verifier key');
  const origin = verifierKey.split('+')[0]!;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  const service: ServiceProcess = {
    url: /WRIT_READY (\S+)/.exec(output)![1]!,
    dataDir,
    pid: child.pid!,
    ledgerId: origin.slice(origin.indexOf('/') + 1),
    verifierKey,
    origin,
    created: /created a new ledger/.test(output),
    startMs,
    files: { store: join(dataDir, 'writ.db'), ledgerKey: join(dataDir, 'keys', 'ledger.key.json'), adminKey: join(dataDir, 'keys', 'admin.key.json') },
    output: () => output,
    adminKeyFile: () => readFileSync(join(dataDir, 'keys', 'admin.key.json'), 'utf8'),
    stop,
    kill: () => stop('SIGKILL'),
    restart: async (more = {}) => {
      await stop();
      return startService({ ...options, ...more, dataDir });
    },
    destroy: async () => {
      await stop();
      removeTempDataDir(dataDir);
    },
  };
  return service;
}

function waitForReady(child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`the service was not ready after ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const onData = () => {
      if (/^WRIT_READY \S+\r?\n/m.test(output())) finish();
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(new Error(`the service exited (${code ?? signal}) before it was ready:\n${output()}`));
    function finish(error?: Error) {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    }
    // Registered after the collectors above, so output() already holds the chunk.
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
    onData();
  });
}

/** The resident set size of a process in bytes, from /proc (Linux). */
export function residentBytes(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
export function cpuMillis(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux that Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;
