// The store's write paths: a bulk load (heads kept in memory, versions written sorted and
// closed once, position claimed at the end) gives the same file as following live, with
// and without the head cache overflowing; each distinct chain is stored once and read
// back as the exact canonical text the decision recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '../../domain';
import { globalPosition } from '../../integrity/brands';
import { chainText } from './evolve-rows';
import { DECISION_ROWS } from './projection-schema';
import { ProjectionStore } from './projection-store';
import type { RecordedHop } from './rows';

const at = (n: number) => new Date(Date.UTC(2026, 10, 24, 10, 0, n)).toISOString();

function log(): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  const add = (type: string, actor: string, body: object, result?: unknown) => {
    const p = out.length;
    const base = { type, stream: 's', statement: { v: 1, ledgerId: 'l', type, actor, nonce: `n${p}`, issuedAt: at(p), body }, recordedAt: at(p), hash: p.toString(16).padStart(64, '0'), position: globalPosition(p) };
    out.push((result === undefined ? base : { ...base, result }) as RecordedEvent);
  };
  const hop = (kind: string, id: string, position: number, capability?: number): RecordedHop => ({ kind, id, hash: position.toString(16).padStart(64, '0'), position, ...(capability === undefined ? {} : { capability }) });
  const caps = [{ resource: 'x://**', actions: ['read', 'write'] }];
  add('principal.registered', 'admin', { principalId: 'h1', kind: 'human', name: 'H', publicKey: 'k' });
  add('principal.entitlement_granted', 'admin', { principalId: 'h1', entitlementId: 'e1', capability: caps[0] });
  for (const a of ['a1', 'a2', 'a3']) add('agent.provisioned', 'h1', { agentId: a, ownerId: 'h1', publicKey: 'k', purpose: 'p', model: { name: 'm', version: '1' } });
  add('delegation.granted', 'h1', { delegationId: 'd1', delegateeId: 'a1', entitlementId: 'e1', capabilities: caps, notBefore: at(0), notAfter: at(1000), depth: 1, purpose: 'p' });
  add('delegation.granted', 'a1', { delegationId: 'd2', delegateeId: 'a2', parentId: 'd1', capabilities: caps, notBefore: at(0), notAfter: at(900), depth: 0, purpose: 'p' });
  add('credential.issued', 'a2', { credentialId: 'c1', delegationId: 'd2', task: { id: 't' } }, { issuedAt: at(7), expiresAt: at(307), boundKey: 'k', capabilities: caps });
  const chain = [hop('credential', 'c1', 7, 0), hop('agent', 'a2', 4), hop('delegation', 'd2', 6, 0), hop('agent', 'a1', 3), hop('delegation', 'd1', 5, 0), hop('principal', 'h1', 1), hop('entitlement', 'e1', 1, 0)];
  add('action.authorized', 'a2', { requestId: 'r1', credentialId: 'c1', action: 'read', resource: 'x://1', taskId: 't' }, { decision: 'allowed', chain });
  add('action.authorized', 'a2', { requestId: 'r2', credentialId: 'c1', action: 'write', resource: 'x://2', taskId: 't' }, { decision: 'allowed', chain: chain.map((h) => ({ ...h })) });
  add('agent.reviewed', 'h1', { agentId: 'a1' });
  // The same credential, but one hop's hash differs (nothing else does): another chain.
  const later = chain.map((h) => (h.id === 'a1' ? { ...h, hash: 'f'.repeat(64) } : h));
  add('action.denied', 'a2', { requestId: 'r3', credentialId: 'c1', action: 'delete', resource: 'x://3', taskId: 't' }, { decision: 'denied', reason: 'capability.not_covered', chain: later });
  for (const [i, a] of ['a1', 'a2', 'a3', 'a1', 'a2'].entries()) add(i % 2 === 0 ? 'agent.suspended' : 'agent.resumed', 'h1', { agentId: a });
  add('principal.deactivated', 'admin', { principalId: 'h1' });
  add('action.authorized', 'a2', { requestId: 'r4', credentialId: 'c1', action: 'read', resource: 'x://4', taskId: 't' }, { decision: 'allowed', chain });
  add('credential.revoked', 'a2', { credentialId: 'c1' });
  return out;
}

const TABLES = ['meta', 'principals', 'entitlements', 'agents', 'delegations', 'credentials'];
// Chains by their text, not their ids: a store that restarted (or finished a bulk load)
// forgets which chains it holds and may store one again under a new id.
const dump = (db: Database.Database) => ({
  ...Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()])),
  events: db.prepare('SELECT e.*, c.chain FROM events e LEFT JOIN chains c ON c.id = e.chain_id ORDER BY e.position').all().map((r) => ({ ...(r as object), chain_id: undefined })),
  chain_hops: db.prepare('SELECT DISTINCT c.chain, h.delegation_id, h.capability FROM chain_hops h JOIN chains c ON c.id = h.chain_id ORDER BY 1, 2, 3').all(),
  chains: db.prepare('SELECT DISTINCT chain FROM chains ORDER BY 1').all(),
});

function applyIn(store: ProjectionStore, events: readonly RecordedEvent[], size: number): void {
  for (let i = 0; i < events.length; i += size) store.apply(events.slice(i, i + size));
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'writ-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test.each([
  [200_000, 'thread'],
  [2, 'thread'],
  [200_000, 'inline'],
  [2, 'inline'],
] as const)('a bulk load (head cache %i rows, writer %s) writes the same rows as following live', (headCacheRows, writer) => {
  const events = log();
  const live = new ProjectionStore(':memory:', { headCacheRows });
  applyIn(live, events, 2);
  const bulk = new ProjectionStore(join(dir, 'bulk.db'), { bulk: true, headCacheRows, writer });
  applyIn(bulk, events.slice(0, -4), 3);
  bulk.finishBulk();
  // Once finished, the file follows like any other.
  applyIn(bulk, events.slice(-4), 3);
  expect(dump(bulk.db)).toEqual(dump(live.db));
  expect(bulk.position).toBe(events.length - 1);
  // Every version closed at the position of the one replacing it; one open version per id.
  const a1 = live.db.prepare("SELECT vf, vt FROM agents WHERE id = 'a1' ORDER BY vf").all() as { vf: number; vt: number }[];
  expect(a1.slice(0, -1).every((v, i) => v.vt === a1[i + 1]!.vf)).toBe(true);
  expect(live.db.prepare('SELECT count(*) FROM (SELECT id FROM agents WHERE vt = 9007199254740991 GROUP BY id HAVING count(*) > 1)').pluck().get()).toBe(0);
  live.close();
  bulk.close();
});

test('a bulk load claims no position until it is finished', () => {
  const path = join(dir, 'bulk.db');
  const bulk = new ProjectionStore(path, { bulk: true });
  bulk.apply(log().slice(0, 5));
  const reader = new Database(path, { readonly: true });
  expect(reader.prepare("SELECT value FROM meta WHERE key = 'position'").get()).toBeUndefined();
  reader.close();
  bulk.finishBulk();
  bulk.close();
  const reopened = new ProjectionStore(path);
  expect(reopened.position).toBe(4);
  reopened.close();
});

test('decisions share a chain row while their chains are equal, and read back the exact recorded text', () => {
  const events = log();
  const store = new ProjectionStore(':memory:');
  store.apply(events);
  expect(store.db.prepare('SELECT count(*) FROM chains').pluck().get()).toBe(2);
  const rows = store.db.prepare(`${DECISION_ROWS} ORDER BY e.position`).all() as { request_id: string; chain: string; owner_id: string }[];
  const recorded = events.filter((e) => e.type.startsWith('action.'));
  expect(rows.map((r) => r.request_id)).toEqual(['r1', 'r2', 'r3', 'r4']);
  expect(rows.map((r) => r.chain)).toEqual(recorded.map((e) => chainText((e.result as { chain: RecordedHop[] }).chain)));
  expect(JSON.parse(rows[2]!.chain)[3]).toEqual({ kind: 'agent', id: 'a1', hash: 'f'.repeat(64), position: 3 });
  expect(rows.every((r) => r.owner_id === 'h1')).toBe(true);
  // The over-scoped inventory's path: delegation -> chains -> allowed decisions.
  const used = store.db.prepare("SELECT DISTINCT h.delegation_id, d.action FROM chain_hops h JOIN events d ON d.chain_id = h.chain_id WHERE d.outcome = 'allowed' ORDER BY 1, 2").all();
  expect(used).toEqual([
    { delegation_id: 'd1', action: 'read' },
    { delegation_id: 'd1', action: 'write' },
    { delegation_id: 'd2', action: 'read' },
    { delegation_id: 'd2', action: 'write' },
  ]);
  store.close();
});
