// Issue 17 item 6: a live feed is authorized again before every batch it delivers. A
// reader deactivated, stripped of the role that let it read everything, past its
// token's window (even with nothing appended), or that rotated the key the token was
// signed with, gets the refusal's code over graphql-ws and nothing recorded afterwards.
import { createClient, type Client } from 'graphql-ws';
import { actor, type TestActor } from '../support/ledger-fixtures';
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function client(token: string): Client {
  const c = createClient({ url: api.url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  clients.push(c);
  return c;
}

interface Following<T> {
  readonly received: T[];
  /** The code the feed ended with ('completed' if it ended without one). */
  readonly ended: Promise<string>;
}

function follow<T>(c: Client, query: string, variables: Record<string, unknown>): Following<T> {
  const received: T[] = [];
  const ended = (async () => {
    try {
      for await (const result of c.iterate<Record<string, T>>({ query, variables })) {
        if (result.errors) return String(result.errors[0]!.extensions?.['code']);
        received.push(Object.values(result.data!)[0]!);
      }
      return 'completed';
    } catch (e: unknown) {
      const errors = (Array.isArray(e) ? e : (e as { errors?: unknown[] }).errors ?? [e]) as { extensions?: { code?: string } }[];
      return String(errors[0]?.extensions?.code);
    }
  })();
  return { received, ended };
}

/** The feed's ending code, or 'still open' if it has not ended within `ms`. */
async function endingOf(f: Following<unknown>, ms = 5000): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const open = new Promise<string>((r) => (timer = setTimeout(() => r('still open'), ms)));
  try {
    return await Promise.race([f.ended, open]);
  } finally {
    clearTimeout(timer);
  }
}

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(20);
  }
}

async function newAuditor(): Promise<TestActor> {
  const who = actor('auditor');
  await w.submit(w.people.admin, 'principal.registered', { principalId: who.id, kind: 'human', name: 'Auditor', publicKey: who.publicKey });
  await w.submit(w.people.admin, 'principal.role_granted', { principalId: who.id, role: 'auditor' });
  await w.settle();
  return who;
}

const EVENTS = 'subscription($after: Int, $filter: FeedFilter) { eventFeed(after: $after, filter: $filter) { position type } }';
const DECISIONS = 'subscription($after: Int, $filter: FeedFilter) { decisionFeed(after: $after, filter: $filter) { leafIndex requestId } }';
const REGISTERED = { types: ['principal.registered'] };

let n = 0;
const register = () => w.submit(w.people.admin, 'principal.registered', { principalId: `p-rev-${n++}`, kind: 'human', name: 'P', publicKey: w.people.bob.publicKey });
const request = (requestId: string) => w.submit(w.agents.a2, 'action.request', { requestId, credentialId: 'cred-1', action: 'read', resource: 'erp://po/1', taskId: 't1' });

test('an auditor deactivated while subscribed: the feed ends with auth.inactive_principal and delivers nothing recorded after', async () => {
  const auditor = await newAuditor();
  const admin = follow<{ position: number }>(client(await tokenOf(w, w.people.admin)), EVENTS, { filter: REGISTERED });
  const feed = follow<{ position: number }>(client(await tokenOf(w, auditor)), EVENTS, { filter: REGISTERED });
  await sleep(100);
  await register();
  await register();
  await until(() => feed.received.length === 2);

  const deactivated = await w.submit(w.people.admin, 'principal.deactivated', { principalId: auditor.id });
  await register();
  await register();
  expect(await endingOf(feed)).toBe('auth.inactive_principal');
  await until(() => admin.received.length === 4); // the later events exist, and reach a reader still allowed
  await sleep(100);
  expect(feed.received).toHaveLength(2);
  expect(feed.received.every((e) => e.position < deactivated.leafIndex)).toBe(true);
});

test('an auditor whose role is revoked while subscribed: the decision feed ends with auth.forbidden and delivers no later decision', async () => {
  const auditor = await newAuditor();
  const feed = follow<{ requestId: string }>(client(await tokenOf(w, auditor)), DECISIONS, {});
  await sleep(100);
  await request('req-rev-1');
  await until(() => feed.received.length === 1);

  await w.submit(w.people.admin, 'principal.role_revoked', { principalId: auditor.id, role: 'auditor' });
  await request('req-rev-2');
  expect(await endingOf(feed)).toBe('auth.forbidden');
  await w.settle();
  await sleep(100);
  expect(feed.received.map((d) => d.requestId)).toEqual(['req-rev-1']);
});

test('a subscription ends with auth.invalid_token when its token’s window ends, though nothing is appended', async () => {
  const auditor = await newAuditor();
  // The verifier forgives 30 s of clock skew on exp: a token whose exp passed 28 s ago
  // is still accepted, for two more seconds.
  const now = Math.floor(Date.now() / 1000);
  const feed = follow<{ position: number }>(client(await tokenOf(w, auditor, { iat: now - 60, exp: now - 28 })), EVENTS, {});
  const opened = Date.now();
  expect(await endingOf(feed, 8000)).toBe('auth.invalid_token');
  expect(Date.now() - opened).toBeGreaterThan(500);
  expect(feed.received).toEqual([]);
});

test('a reader that rotates the key its token was signed with: the feed ends with auth.invalid_token', async () => {
  const auditor = await newAuditor();
  const feed = follow<{ position: number }>(client(await tokenOf(w, auditor)), EVENTS, { filter: REGISTERED });
  await sleep(100);
  await register();
  await until(() => feed.received.length === 1);

  await w.submit(auditor, 'principal.key_rotated', { principalId: auditor.id, publicKey: actor('next').publicKey });
  await register();
  expect(await endingOf(feed)).toBe('auth.invalid_token');
  await w.settle();
  await sleep(100);
  expect(feed.received).toHaveLength(1);
});
