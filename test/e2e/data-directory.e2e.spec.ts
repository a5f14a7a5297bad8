// Issue 17, items 4 and 5, through the doors the trial used: files in the data directory
// and the real service over HTTP. A directory that kept its keys or read models but lost
// its store is refused with one line (WRIT_NEW_LEDGER=1 creates a new ledger there), and
// read models are never served over a log they do not follow: another ledger's, a store
// restored from an older copy, or a log that went another way after that copy.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readToken, statements, uuidv7 } from '../../src/sdk';
import { startService, type ServiceProcess } from '../support/service-process';
import { clientFor, firstAdmin, newActor, receiptOf, signedBy, type Actor } from './support/e2e-support';

// No periodic checkpoint.recorded: positions are exactly the appends the tests make.
const QUIET = { WRIT_CHECKPOINT_INTERVAL_MS: '86400000' };

const services: ServiceProcess[] = [];
afterAll(async () => {
  for (const s of services) await s.destroy();
});

async function start(dataDir?: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const service = await startService({ ...(dataDir ? { dataDir } : {}), env: { ...QUIET, ...env } });
  services.push(service);
  return service;
}

/** What the service printed when it refused to start (startService's error carries it). */
async function refusedStart(dataDir: string, env: Record<string, string> = {}): Promise<string> {
  const error = await startService({ dataDir, env: { ...QUIET, ...env } }).then(
    () => new Error('the service started'),
    (e: Error) => e,
  );
  const printed = /before it was ready:\n([\s\S]*)$/.exec(error.message)?.[1];
  if (printed === undefined) throw error;
  return printed;
}

/** Registers a human as the first admin; its receipt's leaf index. */
async function register(service: ServiceProcess, name: string): Promise<{ id: string; leafIndex: number }> {
  const admin = firstAdmin(service);
  const human = newActor(name);
  const statement = statements.registerPrincipal({ principalId: human.id, kind: 'human', name, publicKey: human.keys.publicKeyBase64Url }, { ledgerId: service.ledgerId, actor: admin.id, nonce: uuidv7() });
  const receipt = receiptOf(await clientFor(service).submit(signedBy(admin, statement)), `register ${name}`);
  return { id: human.id, leafIndex: receipt.leafIndex };
}

/** The ids `principals(atLeast:)` answers with, read as the first admin; or the error code. */
async function principalIds(service: ServiceProcess, atLeast: number): Promise<string[] | string> {
  const admin: Actor = firstAdmin(service);
  const token = readToken({ principalId: admin.id, ledgerId: service.ledgerId, seed: admin.keys.seed });
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: 'query($n: Int!) { principals(atLeast: $n, first: 1000) { edges { node { id } } } }', variables: { n: atLeast } }),
  });
  const body = (await response.json()) as { data?: { principals: { edges: { node: { id: string } }[] } }; errors?: { extensions: { code: string } }[] };
  if (body.errors !== undefined) return body.errors[0]!.extensions.code;
  return body.data!.principals.edges.map((e) => e.node.id);
}

const storeFiles = (dataDir: string) => readdirSync(dataDir).filter((name) => name.startsWith('writ.db'));
const readModelFiles = (dataDir: string) => readdirSync(dataDir).filter((name) => name.startsWith('read-models.db'));

function move(dataDir: string, names: readonly string[], to: string): void {
  for (const name of names) renameSync(join(dataDir, name), join(to, name));
}

test('keys and read models without a store: refused in one line; WRIT_NEW_LEDGER=1 creates a ledger that does not serve the old one', async () => {
  let service = await start();
  const old = await register(service, 'before');
  expect(await principalIds(service, old.leafIndex)).toContain(old.id);
  const { dataDir, ledgerId } = service;
  await service.stop();
  for (const name of storeFiles(dataDir)) rmSync(join(dataDir, name));

  const printed = await refusedStart(dataDir);
  expect(printed.trim().split('\n')).toEqual([
    expect.stringMatching(/holds keys\/ledger\.key\.json, keys\/admin\.key\.json, read-models\.db but its store \(writ\.db\) holds no ledger; .*WRIT_NEW_LEDGER=1/),
  ]);
  expect(existsSync(join(dataDir, 'writ.db'))).toBe(false);

  // Read models alone are refused the same way.
  const keys = join(dataDir, '..', 'keys-aside');
  renameSync(join(dataDir, 'keys'), keys);
  expect(await refusedStart(dataDir)).toMatch(/holds read-models\.db but its store \(writ\.db\) holds no ledger/);
  renameSync(keys, join(dataDir, 'keys'));

  service = await start(dataDir, { WRIT_NEW_LEDGER: '1' });
  expect(service.created).toBe(true);
  expect(service.ledgerId).not.toBe(ledgerId);
  expect(service.output()).toMatch(/rebuilding the read models: they follow ledger /);
  const fresh = await register(service, 'after');
  const served = await principalIds(service, fresh.leafIndex);
  expect(served).toContain(fresh.id);
  expect(served).not.toContain(old.id);
  await service.stop();
}, 120_000);

test('a store restored from a copy three appends older: the read models are rebuilt, not served ahead of the log', async () => {
  let service = await start();
  const kept = await register(service, 'kept');
  const { dataDir } = service;
  await service.stop();
  const backup = join(dataDir, '..', 'backup');
  rmSync(backup, { recursive: true, force: true });
  mkdirSync(backup);
  for (const name of storeFiles(dataDir)) copyFileSync(join(dataDir, name), join(backup, name));

  service = await start(dataDir);
  const lost = [await register(service, 'lost-1'), await register(service, 'lost-2'), await register(service, 'lost-3')];
  expect(await principalIds(service, lost[2]!.leafIndex)).toEqual(expect.arrayContaining(lost.map((p) => p.id)));
  await service.stop();
  for (const name of storeFiles(dataDir)) rmSync(join(dataDir, name));
  for (const name of readdirSync(backup)) copyFileSync(join(backup, name), join(dataDir, name));

  service = await start(dataDir);
  expect(service.output()).toMatch(/rebuilding the read models: they applied events up to position \d+, and the log ends at \d+/);
  const acknowledged = [await register(service, 'new-1'), await register(service, 'new-2'), await register(service, 'new-3')];
  expect(acknowledged.map((p) => p.leafIndex)).toEqual(lost.map((p) => p.leafIndex));
  const served = await principalIds(service, acknowledged[2]!.leafIndex);
  expect(served).toEqual(expect.arrayContaining([kept.id, ...acknowledged.map((p) => p.id)]));
  for (const p of lost) expect(served).not.toContain(p.id);
  await service.stop();
}, 120_000);

test('read models from before a restore, over a log that has since grown past them another way: rebuilt', async () => {
  let service = await start();
  const { dataDir } = service;
  await service.stop();
  const backup = join(dataDir, '..', 'backup-2');
  mkdirSync(backup);
  for (const name of storeFiles(dataDir)) copyFileSync(join(dataDir, name), join(backup, name));

  service = await start(dataDir);
  const lost = [await register(service, 'lost-a'), await register(service, 'lost-b')];
  expect(await principalIds(service, lost[1]!.leafIndex)).toEqual(expect.arrayContaining(lost.map((p) => p.id)));
  await service.stop();
  // The stale read models wait aside while the restored store grows longer than they are.
  const aside = join(dataDir, '..', 'read-models-aside');
  mkdirSync(aside);
  move(dataDir, readModelFiles(dataDir), aside);
  for (const name of storeFiles(dataDir)) rmSync(join(dataDir, name));
  for (const name of readdirSync(backup)) copyFileSync(join(backup, name), join(dataDir, name));
  service = await start(dataDir);
  const grown = [await register(service, 'new-a'), await register(service, 'new-b'), await register(service, 'new-c')];
  await service.stop();
  for (const name of readModelFiles(dataDir)) rmSync(join(dataDir, name));
  move(aside, readdirSync(aside), dataDir);

  service = await start(dataDir);
  expect(service.output()).toMatch(/rebuilding the read models: the event they applied at position \d+ is not the log's event there/);
  const served = await principalIds(service, grown[2]!.leafIndex);
  expect(served).toEqual(expect.arrayContaining(grown.map((p) => p.id)));
  for (const p of lost) expect(served).not.toContain(p.id);
  await service.stop();
}, 120_000);
