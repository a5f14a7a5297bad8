// `writ serve`: the service (`npm start`) on a data directory, e.g. a forensic copy made
// by `writ import`, read-only. The service runs as its own process with the V8 flags
// `npm start` gives it; this command passes the options as the environment the service
// reads (README, Configuration) and ends with the service's exit code.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Command } from 'commander';
import { SERVICE_V8_FLAGS } from '../../config/v8-flags';

interface ServeOptions {
  store?: string;
  readOnly?: boolean;
  port?: string;
  host?: string;
}

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('run the service on a data directory; with --read-only, serve a copy made by `writ import` (no keys, every write refused)')
    .option('--store <dir>', 'the data directory (WRIT_DATA_DIR; default ./data)')
    .option('--read-only', 'serve the store as a read-only copy without keys (WRIT_READ_ONLY=1)')
    .option('--port <n>', 'the port to listen on (WRIT_PORT; default 4000, 0 picks a free one)')
    .option('--host <host>', 'the address to listen on (WRIT_HOST; default 127.0.0.1)')
    .action(async (opts: ServeOptions) => {
      const code = await runService(serviceEnv(opts));
      process.exit(code);
    });
}

function serviceEnv(opts: ServeOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...(opts.store !== undefined ? { WRIT_DATA_DIR: opts.store } : {}),
    ...(opts.readOnly ? { WRIT_READ_ONLY: '1' } : {}),
    ...(opts.port !== undefined ? { WRIT_PORT: opts.port } : {}),
    ...(opts.host !== undefined ? { WRIT_HOST: opts.host } : {}),
  };
}

/** Runs dist/src/main.js beside this command, passing stop signals on; resolves to its exit code. */
function runService(env: NodeJS.ProcessEnv): Promise<number> {
  const main = join(__dirname, '..', '..', 'main.js');
  const child = spawn(process.execPath, [...SERVICE_V8_FLAGS, main], { env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, forward(signal));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1))));
}
