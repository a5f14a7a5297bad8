// The anomalies read model over real HTTP, with a ledger clock the test controls: an agent
// at a steady rate in business hours for three days, then a burst at 3 AM on records it
// never touched. The anomalies appear with their explanation, `asOf` before the burst
// shows none, a reader outside the agent's scope is refused, and a rebuild from the log
// gives the same rows.
import { rmSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import { join } from 'node:path';
import { runtimeSource } from '../../src/application/projections/log-sources';
import { ProjectionStore } from '../../src/application/projections/projection-store';
import { rebuildFrom } from '../../src/application/projections/rebuild';
import { tempDir } from '../support/ledger-fixtures';
import type { TestApp } from '../interface/support/app';
import { startReadApp, tokenOf } from './support/app';
import { cap, openWorld, type World } from './support/world';

// `ws` ships no types here; graphql-ws takes any WebSocket implementation.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const WebSocket: unknown = require('ws');

const HOUR = 3_600_000;
const START = Date.parse('2025-03-03T00:00:00.000Z');
let clock = START;
let w: World;
let api: TestApp;
let beforeBurst = 0;

const ANOMALIES = `query($agent: ID, $asOf: AsOf, $since: String) { anomalies(agent: $agent, asOf: $asOf, since: $since, first: 100) {
  edges { node { position agentId ownerId rule severity value baseline threshold subject positions recordedAt } } } }`;

let credentials = 0;
async function decisions(count: number, resource: (i: number) => string, spacingMs: number): Promise<void> {
  const { a1 } = w.agents;
  const credentialId = `cred-${++credentials}`;
  await w.submit(a1, 'credential.request', { credentialId, delegationId: 'd-1', task: { id: 't' }, ttlSeconds: 600 });
  for (let i = 0; i < count; i++) {
    clock += spacingMs;
    await w.submit(a1, 'action.request', { requestId: `${credentialId}-${i}`, credentialId, action: 'read', resource: resource(i), taskId: 't' });
  }
}

beforeAll(async () => {
  w = await openWorld(2000, ':memory:', () => clock);
  const { admin, alice, bob } = w.people;
  const { a1 } = w.agents;
  for (const p of [alice, bob]) await w.submit(admin, 'principal.registered', { principalId: p.id, kind: 'human', name: p.id, publicKey: p.publicKey });
  await w.submit(admin, 'principal.entitlement_granted', { principalId: alice.id, entitlementId: 'ent-1', capability: cap('crm://**', ['read']) });
  await w.submit(alice, 'agent.provisioned', { agentId: a1.id, ownerId: alice.id, publicKey: a1.publicKey, purpose: 'support', model: { name: 'm', version: '1' } });
  await w.submit(alice, 'delegation.granted', {
    delegationId: 'd-1', delegateeId: a1.id, entitlementId: 'ent-1', capabilities: [cap('crm://**', ['read'])],
    notBefore: new Date(START).toISOString(), notAfter: new Date(START + 30 * 24 * HOUR).toISOString(), depth: 0, purpose: 'support',
  });
  // Three days, 09:00-17:00 UTC, five decisions an hour on customer records.
  for (let day = 0; day < 3; day++) {
    for (let h = 9; h < 17; h++) {
      clock = START + day * 24 * HOUR + h * HOUR;
      await decisions(5, (i) => `crm://customers/${day}-${h}-${i}`, 1000);
    }
  }
  await w.settle();
  beforeBurst = w.runtime.size() - 1;
  clock = START + 3 * 24 * HOUR + 3 * HOUR;
  await decisions(260, (i) => `crm://archive/${i}`, 1000);
  await w.settle();
  api = await startReadApp(w);
}, 120_000);
afterAll(async () => {
  await api?.close();
  await w?.close();
});

test('the burst shows as anomalies, each naming its rule, value, baseline and the decisions it rests on', async () => {
  const { body } = await api.graphql(ANOMALIES, { agent: w.agents.a1.id }, await tokenOf(w, w.people.alice));
  expect(body.errors).toBeUndefined();
  const nodes = body.data!['anomalies'].edges.map((e: { node: Record<string, unknown> }) => e.node);
  const first = beforeBurst + 2; // the burst's credential, then its first decision
  const brief = nodes.map((n: Record<string, unknown>) => [n['rule'], n['severity'], n['value'], n['baseline'], n['threshold'], n['subject'], n['positions']]);
  expect(brief).toEqual([
    ['hours.unusual', 'medium', 3, 0, 1, null, [first]],
    ['resource.first_use', 'low', 1, 1, 1, 'read crm://archive/*', [first]],
    ['credential.new_rate', 'high', 30, 5, 30, 'cred-25', [first, first + 29]],
    ['rate.spike', 'medium', 50, 5, 50, null, [first, first + 49]],
    ['rate.spike', 'high', 250, 5, 250, null, [first, first + 249]],
  ]);
  expect(nodes[4]).toMatchObject({ agentId: w.agents.a1.id, ownerId: w.people.alice.id, position: first + 249, recordedAt: new Date(START + 75 * HOUR + 250_000).toISOString() });
});

test('asOf before the burst shows no anomaly; since filters by time', async () => {
  const token = await tokenOf(w, w.people.admin);
  const past = await api.graphql(ANOMALIES, { asOf: { position: beforeBurst } }, token);
  expect(past.body.data!['anomalies'].edges).toEqual([]);
  const late = await api.graphql(ANOMALIES, { since: new Date(START + 75 * HOUR + 100_000).toISOString() }, token);
  expect(late.body.data!['anomalies'].edges.map((e: { node: { rule: string } }) => e.node.rule)).toEqual(['rate.spike']);
  const bad = await api.graphql(ANOMALIES, { since: 'yesterday' }, token);
  expect(bad.body.errors![0]!.extensions['code']).toBe('input.invalid');
});

test('a reader outside the agent’s scope is refused, not answered empty', async () => {
  const { body } = await api.graphql(ANOMALIES, { agent: w.agents.a1.id }, await tokenOf(w, w.people.bob));
  expect(body.errors![0]!.extensions['code']).toBe('auth.forbidden');
  const unanchored = await api.graphql(ANOMALIES, {}, await tokenOf(w, w.people.alice));
  expect(unanchored.body.errors![0]!.extensions['code']).toBe('auth.forbidden');
});

test('a rebuild from the log gives the same anomalies and baselines', async () => {
  const dir = tempDir();
  try {
    const target = join(dir, 'read-models.db');
    await rebuildFrom(runtimeSource(w.runtime), w.runtime.size(), target);
    const rebuilt = new ProjectionStore(target);
    const rows = (store: ProjectionStore, table: string) => store.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all();
    expect(rows(rebuilt, 'anomalies')).toEqual(rows(w.models.store, 'anomalies'));
    expect(rows(rebuilt, 'behaviour')).toEqual(rows(w.models.store, 'behaviour'));
    expect(rows(rebuilt, 'anomalies')).toHaveLength(5);
    rebuilt.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('anomalyFeed replays the anomalies after a position over graphql-ws, for a reader in scope', async () => {
  const c = createClient({ url: api.url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${await tokenOf(w, w.people.alice)}` }, retryAttempts: 0 });
  try {
    const seen: { rule: string; severity: string; position: number }[] = [];
    const query = 'subscription($after: Int, $filter: FeedFilter) { anomalyFeed(after: $after, filter: $filter) { rule severity position } }';
    for await (const result of c.iterate<{ anomalyFeed: { rule: string; severity: string; position: number } }>({ query, variables: { after: beforeBurst, filter: { agent: w.agents.a1.id } } })) {
      expect(result.errors).toBeUndefined();
      seen.push(result.data!.anomalyFeed);
      if (seen.length === 5) break;
    }
    expect(seen.map((a) => `${a.rule}/${a.severity}`)).toEqual(['hours.unusual/medium', 'resource.first_use/low', 'credential.new_rate/high', 'rate.spike/medium', 'rate.spike/high']);
  } finally {
    await c.dispose();
  }
});
