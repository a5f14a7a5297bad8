// Issue 19, start-up errors, through the service as a process: a missing ledger key, a
// taken port and a data directory that cannot be used each stop the start with one line
// naming the setting to change (no stack trace), a non-zero exit, and nothing written to
// the data directory (the port is bound before anything is).
import { createServer, type Server } from 'node:net';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startService, tempDataDir, type ServiceProcess } from '../support/service-process';
import { eventually } from './support/e2e-support';

const services: ServiceProcess[] = [];
afterAll(async () => {
  for (const s of services) await s.destroy();
});

/** What the service printed and its exit code when it refused to start. */
async function refusedStart(dataDir: string, env: Record<string, string> = {}): Promise<{ lines: string[]; code: string }> {
  const error = await startService({ dataDir, env }).then(
    async (service) => {
      services.push(service);
      return new Error('the service started');
    },
    (e: Error) => e,
  );
  const match = /the service exited \((\S+)\) before it was ready:\n([\s\S]*)$/.exec(error.message);
  if (match === null) throw error;
  return { code: match[1]!, lines: match[2]!.trim().split('\n') };
}

/** Every path under a directory with its size and mtime: what "nothing written" compares. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const stat = statSync(path);
      out[path] = `${stat.size}@${stat.mtimeMs}`;
      if (stat.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return out;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

test('a store without its ledger key: one line naming WRIT_DATA_DIR and the read-only mode; nothing written; read-only then serves it', async () => {
  const service = await startService({ env: { WRIT_CHECKPOINT_INTERVAL_MS: '100' } });
  services.push(service);
  // One recorded checkpoint, so that the directory can also be served as a read-only copy.
  await eventually(async () => ((JSON.parse(await (await fetch(`${service.url}/healthz`)).text()) as { treeSize: number }).treeSize >= 2 ? true : undefined));
  await service.stop();
  rmSync(service.files.ledgerKey);
  const before = snapshot(service.dataDir);

  const refused = await refusedStart(service.dataDir);
  expect(refused.code).not.toBe('0');
  expect(refused.lines).toEqual([expect.stringMatching(/holds a ledger store \(writ\.db\) but not its key \(keys\/ledger\.key\.json\).*WRIT_DATA_DIR.*WRIT_READ_ONLY=1/)]);
  expect(snapshot(service.dataDir)).toEqual(before);

  const copy = await startService({ dataDir: service.dataDir, env: { WRIT_READ_ONLY: '1' } });
  services.push(copy);
  expect(copy.ledgerId).toBe(service.ledgerId);
  expect(readdirSync(join(service.dataDir, 'keys'))).toEqual(['admin.key.json']);
  await copy.stop();
}, 120_000);

test('a taken port: one line naming WRIT_PORT; the data directory is not even created', async () => {
  const holder = createServer();
  const port = await listen(holder);
  try {
    const dataDir = tempDataDir();
    const refused = await refusedStart(dataDir, { WRIT_PORT: String(port) });
    expect(refused.code).not.toBe('0');
    expect(refused.lines).toEqual([expect.stringMatching(new RegExp(`^WRIT_PORT: 127\\.0\\.0\\.1:${port} is already in use: .*set WRIT_PORT`))]);
    expect(readdirSync(join(dataDir, '..'))).toEqual([]);
  } finally {
    holder.close();
  }
}, 60_000);

test('a taken port on an existing ledger: nothing in its data directory changes', async () => {
  const service = await startService({ env: { WRIT_CHECKPOINT_INTERVAL_MS: '86400000' } });
  services.push(service);
  await service.stop();
  const before = snapshot(service.dataDir);
  const holder = createServer();
  const port = await listen(holder);
  try {
    const refused = await refusedStart(service.dataDir, { WRIT_PORT: String(port) });
    expect(refused.lines).toEqual([expect.stringMatching(/^WRIT_PORT: .* is already in use/)]);
    expect(snapshot(service.dataDir)).toEqual(before);
  } finally {
    holder.close();
  }
}, 60_000);

test('a data directory that is a file, or under one: one line naming WRIT_DATA_DIR; nothing written', async () => {
  const parent = join(tempDataDir(), '..');
  const file = join(parent, 'not-a-directory');
  writeFileSync(file, 'keep me\n');
  const asFile = await refusedStart(file);
  expect(asFile.code).not.toBe('0');
  expect(asFile.lines).toEqual([expect.stringMatching(/^WRIT_DATA_DIR: .*not-a-directory is not a directory: .*set WRIT_DATA_DIR/)]);
  const under = await refusedStart(join(file, 'data'));
  expect(under.lines).toEqual([expect.stringMatching(/^WRIT_DATA_DIR: .*not-a-directory\/data cannot be created: .*not-a-directory is not a directory/)]);
  expect(readdirSync(parent)).toEqual(['not-a-directory']);
  expect(statSync(file).size).toBe('keep me\n'.length);
  // A copy to serve read-only must hold a store.
  const empty = join(parent, 'empty');
  mkdirSync(empty);
  const noCopy = await refusedStart(empty, { WRIT_READ_ONLY: '1' });
  expect(noCopy.lines).toEqual([expect.stringMatching(/^WRIT_DATA_DIR: .*empty holds no store \(writ\.db\) to serve read-only/)]);
  expect(readdirSync(empty)).toEqual([]);
}, 60_000);
