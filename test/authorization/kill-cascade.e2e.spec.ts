// The kill switch survives a crash: an agent has delegated 300 times to its subagent,
// which holds a credential under each; its owner suspends it, and the service is killed
// (SIGKILL, no shutdown hook) as soon as the suspension is committed, while the saga is
// still recording the 601 revocations. On restart the runtime reruns the
// cascade and records exactly what is missing: every delegation and credential revoked
// once, each naming the suspension as its cause.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/storage/sqlite/sqlite-event-store';
import type { StoredEvent } from '../../src/storage/event-store.port';
import { startService, type ServiceProcess } from '../support/service-process';
import { ServiceWorld } from './support/service-world';

const N = 300;
// Everything the agent delegated (the 300 and the subagent's own d-vendor) and the 300 credentials.
const TOTAL = 2 * N + 1;
const ENV = { WRIT_CHECKPOINT_INTERVAL_MS: '86400000' };

async function readLog(path: string): Promise<StoredEvent[]> {
  const store = new SqliteEventStore(path);
  try {
    const all: StoredEvent[] = [];
    for (;;) {
      const page = await store.readAll(all.length, 1000);
      all.push(...page);
      if (page.length < 1000) return all;
    }
  } finally {
    await store.close();
  }
}

const cascadeOf = (events: readonly StoredEvent[], hash: string) =>
  events.filter((e) => (e.type === 'delegation.revoked' || e.type === 'credential.revoked') && JSON.parse(e.data).statement.body.cause?.hash === hash);

let dataDir: string | undefined;
let service: ServiceProcess | undefined;
afterAll(async () => {
  await service?.stop();
  if (dataDir !== undefined) rmSync(dirname(dataDir), { recursive: true, force: true });
});

test('a cascade the crash interrupted is completed on restart, each revocation once', async () => {
  service = await startService({ env: ENV });
  dataDir = service.dataDir;
  const w = new ServiceWorld(service);
  await w.procurement();
  const ids = Array.from({ length: N }, (_, i) => i);
  const at = (ms: number) => new Date(Date.now() + ms).toISOString();
  const delegations = ids.map((i) =>
    w.signed(w.agent, 'grantDelegation', { delegationId: `d-sub-${i}-${w.agent.id}`, delegateeId: w.sub.id, parentId: w.dProc, capabilities: [{ resource: `erp://po/vendors/${i}`, actions: ['read'], conditions: { maxAmount: 0 } }], notBefore: at(-60_000), notAfter: at(86_400_000), depth: 0, purpose: `lookup ${i}` }),
  );
  const credentials = ids.map((i) => w.signed(w.sub, 'requestCredential', { credentialId: `c-sub-${i}-${w.sub.id}`, delegationId: `d-sub-${i}-${w.agent.id}`, task: { id: 'restock' }, ttlSeconds: 3600 }));
  for (const batch of [delegations.slice(0, 150), delegations.slice(150), credentials.slice(0, 150), credentials.slice(150)]) {
    const r = await w.client.submitBatch(batch);
    if (!r.ok || r.value.some((x) => !x.ok)) throw new Error('setup refused');
  }

  // The suspension goes out; the moment it is committed (visible to a reader of the
  // store) the service is killed, while the saga is recording the cascade.
  const watcher = new Database(service.files.store, { readonly: true, fileMustExist: true });
  const find = watcher.prepare<[string], { position: number; hash: string }>("SELECT position, hash FROM events WHERE stream = ? AND type = 'agent.suspended'");
  const answer = w.client.submit(w.signed(w.hana, 'suspendAgent', { agentId: w.agent.id, reason: 'kill switch' }), 'suspendAgent').catch(() => undefined);
  const firstCascaded = watcher.prepare<[number], { n: number }>("SELECT count(*) AS n FROM events WHERE position > ? AND type IN ('delegation.revoked', 'credential.revoked')");
  const poll = async <T>(probe: () => T | undefined): Promise<T | undefined> => {
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setImmediate(r))) {
      const found = probe();
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const suspended = await poll(() => find.get(`agent-${w.agent.id}`));
  // Killed once the first cascade batch is on disk: part of the cascade is recorded, part is not.
  if (suspended !== undefined) await poll(() => (firstCascaded.get(suspended.position)!.n > 0 ? true : undefined));
  const killed = service.kill();
  watcher.close();
  await Promise.all([killed, answer]);
  if (suspended === undefined) throw new Error('the suspension was never committed');
  const atKill = cascadeOf(await readLog(service.files.store), suspended.hash).length;
  if (process.env.WRIT_TEST_VERBOSE) console.log(`cascade events at the kill: ${atKill} of ${TOTAL}`);

  service = await startService({ dataDir: service.dataDir, env: ENV });
  const deadline = Date.now() + 30_000;
  let done = 0;
  while (Date.now() < deadline) {
    const { treeSize } = (await (await fetch(`${service.url}/healthz`)).json()) as { treeSize: number };
    if (treeSize >= suspended.position + 1 + TOTAL) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await service.stop();
  const log = await readLog(service.files.store);
  const cascaded = cascadeOf(log, suspended.hash);
  done = cascaded.length;
  expect({ interrupted: atKill > 0 && atKill < TOTAL, done }).toEqual({ interrupted: true, done: TOTAL });
  const targets = cascaded.map((e) => e.stream);
  expect(new Set(targets).size).toBe(TOTAL);
  expect(targets.filter((s) => s.startsWith('credential-c-sub-'))).toHaveLength(N);
  expect(targets.filter((s) => s.startsWith('delegation-d-sub-'))).toHaveLength(N);
  service = undefined;
}, 90_000);
