// The live feeds over graphql-ws: authenticated by the read JWT in connection_init,
// filtered, scoped, and resumable after a disconnect without gaps or duplicates.
import { createClient, type Client } from 'graphql-ws';
import type { TestActor } from '../support/ledger-fixtures';
import type { TestApp } from '../interface/support/app';
import { startReadApp, tokenOf } from './support/app';
import { openWorld, seedStory, type World } from './support/world';

// `ws` ships no types here; graphql-ws takes any WebSocket implementation.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const WebSocket: unknown = require('ws');

let w: World;
let api: TestApp;
const clients: Client[] = [];

beforeAll(async () => {
  w = await openWorld(300);
  await seedStory(w);
  api = await startReadApp(w);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await api.close();
  await w.close();
});

async function client(who: TestActor | undefined): Promise<Client> {
  const authorization = who === undefined ? undefined : `Bearer ${await tokenOf(w, who)}`;
  const c = createClient({
    url: api.url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: authorization === undefined ? {} : { authorization },
    retryAttempts: 0,
  });
  clients.push(c);
  return c;
}

/** Takes `n` results from a subscription, then ends it (the client unsubscribes). */
async function take<T>(c: Client, query: string, n: number, variables: Record<string, unknown> = {}): Promise<T[]> {
  const out: T[] = [];
  const it = c.iterate<Record<string, T>>({ query, variables });
  for await (const result of it) {
    if (result.errors) throw Object.assign(new Error('subscription refused'), { errors: result.errors });
    out.push(Object.values(result.data!)[0]!);
    if (out.length >= n) break;
  }
  return out;
}

const EVENTS = 'subscription($after: Int, $filter: FeedFilter) { eventFeed(after: $after, filter: $filter) { position type agentId humanId } }';
const DECISIONS = 'subscription($after: Int, $filter: FeedFilter) { decisionFeed(after: $after, filter: $filter) { leafIndex requestId outcome agentId } }';

const register = (n: number) =>
  w.submit(w.people.admin, 'principal.registered', { principalId: `p-live-${n}-${Math.random().toString(36).slice(2)}`, kind: 'human', name: 'P', publicKey: w.people.bob.publicKey });

test('a subscriber that disconnects mid-stream resumes after the last position it saw: no gap, no duplicate', async () => {
  const admin = await client(w.people.admin);
  const head = w.models.position;
  const first = take<{ position: number }>(admin, EVENTS, 3, { after: head, filter: { types: ['principal.registered'] } });
  for (let i = 0; i < 6; i++) await register(i);
  const seen = await first; // the client unsubscribed after three
  await admin.dispose();
  for (let i = 6; i < 9; i++) await register(i);
  await w.settle();
  const again = await client(w.people.admin);
  const rest = await take<{ position: number }>(again, EVENTS, 6, { after: seen.at(-1)!.position, filter: { types: ['principal.registered'] } });
  const positions = [...seen, ...rest].map((e) => e.position);
  const expected = (w.models.store.db.prepare("SELECT position FROM events WHERE type = 'principal.registered' AND position > ? ORDER BY position").pluck().all(head) as number[]);
  expect(positions).toEqual(expected);
});

test('the decision feed streams new decisions live, filtered by agent and outcome', async () => {
  const alice = await client(w.people.alice);
  const next = take<{ requestId: string; outcome: string }>(alice, DECISIONS, 1, { filter: { agent: w.agents.a2.id, outcome: 'denied' } });
  await new Promise((r) => setTimeout(r, 100));
  await w.submit(w.people.alice, 'agent.reviewed', { agentId: w.agents.a1.id });
  await w.submit(w.agents.a2, 'action.request', { requestId: 'req-live-ok', credentialId: 'cred-1', action: 'read', resource: 'erp://po/9', taskId: 't1' });
  await w.submit(w.agents.a2, 'action.request', { requestId: 'req-live-no', credentialId: 'cred-1', action: 'delete', resource: 'erp://po/9', taskId: 't1' });
  expect(await next).toEqual([{ requestId: 'req-live-no', outcome: 'denied', agentId: w.agents.a2.id, leafIndex: expect.any(Number) }]);
  const allowed = await take<{ requestId: string }>(alice, DECISIONS, 1, { after: -1, filter: { agent: w.agents.a2.id, outcome: 'allowed' } });
  expect(allowed.map((d) => d.requestId)).toEqual(['req-ok']);
});

test('the feeds refuse another principal’s data and unauthenticated subscribers', async () => {
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'answered',
      (e: unknown) => ((Array.isArray(e) ? e : (e as { errors: unknown[] }).errors) as { extensions: { code: string } }[])[0]!.extensions.code,
    );
  const bob = await client(w.people.bob);
  expect(await codeOf(take(bob, DECISIONS, 1, { filter: { agent: w.agents.a2.id } }))).toBe('auth.forbidden');
  expect(await codeOf(take(bob, EVENTS, 1, { filter: { human: w.people.alice.id } }))).toBe('auth.forbidden');
  expect(await codeOf(take(bob, EVENTS, 1, {}))).toBe('auth.forbidden');
  const nobody = await client(undefined);
  expect(await codeOf(take(nobody, EVENTS, 1, {}))).toBe('auth.missing_token');
});
