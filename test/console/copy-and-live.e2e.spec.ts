// The console on a read-only forensic copy (`writ export`, `writ import`, the service on
// the copy with WRIT_READ_ONLY=1) shows the same lineage as on the live service, with
// receipts verified in the browser against the live ledger's key, and refuses a
// mutation; and the Live view's decision feed, newest first, resumes after its
// websocket is cut without missing or repeating a decision.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebSocketRoute } from 'playwright-core';
import { readToken, WritClient } from '../../src/sdk';
import { writ } from '../cli/cli-support';
import { startService, type ServiceProcess } from '../support/service-process';
import { launchBrowser, screenshot, type Browser } from './support/browser';
import { graphNodes, nodeReceipts, showLineage, signIn } from './support/console-page';
import { seedStory, type Story } from './support/seed';

let service: ServiceProcess;
let browser: Browser;
let story: Story;
let dir: string;
let copy: ServiceProcess | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'writ-console-copy-'));
  [service, browser] = await Promise.all([startService({ env: { WRIT_CHECKPOINT_INTERVAL_MS: '500' } }), launchBrowser()]);
  story = await seedStory(service, dir);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await copy?.stop();
  await service?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const checkpointSize = async (s: ServiceProcess) => Number((await (await fetch(`${s.url}/checkpoint`)).text()).split('\n')[1]);
const treeSize = async (s: ServiceProcess) => ((await (await fetch(`${s.url}/healthz`)).json()) as { treeSize: number }).treeSize;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !(await check()); ) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a read-only copy made with export + import shows the same lineage, verifies its receipts in the browser, and refuses a mutation', async () => {
  // The copy proves against its latest recorded checkpoint: wait until one covers the revocation.
  await until('a checkpoint after the revocation', async () => (await checkpointSize(service)) > story.positions.revocation);
  const evidence = join(dir, 'evidence.ndjson');
  const copyDir = join(dir, 'copy');
  expect(writ('export', '--store', service.dataDir, '--out', evidence)).toMatchObject({ code: 0 });
  expect(writ('import', '--in', evidence, '--store', copyDir, '--key', service.verifierKey, '--json')).toMatchObject({ code: 0 });
  copy = await startService({ dataDir: copyDir, env: { WRIT_READ_ONLY: '1' } });
  expect(copy.output()).toMatch(/read-only copy of ledger/);

  const live = await signIn(browser, service.url, story.keyFiles.auditor);
  await showLineage(live, 'decision', story.ids.allowed);
  const liveNodes = await graphNodes(live);
  await live.close();

  // The same auditor key file on the copy's own console; receipts pinned to the live ledger's key.
  const page = await signIn(browser, copy.url, story.keyFiles.auditor, { verifierKey: service.verifierKey });
  await showLineage(page, 'decision', story.ids.allowed);
  const copyNodes = await graphNodes(page);
  expect(copyNodes).toEqual(liveNodes);
  expect(copyNodes.map((n) => n.node)).toEqual(expect.arrayContaining([`principal:${story.hana.id}`, `delegation:${story.ids.d2}`, `decision:${story.positions.allowed}`]));
  expect(copyNodes.find((n) => n.node === `delegation:${story.ids.d2}`)).toEqual({ node: `delegation:${story.ids.d2}`, status: 'active', asOf: 'revoked' });
  const receipts = await nodeReceipts(page, `delegation:${story.ids.d2}`);
  expect(receipts.verified).toEqual(['true', 'true']);
  expect(receipts.text).toContain('verified in this browser');
  await expect(page.locator('#who').textContent()).resolves.toContain('Receipts are checked against the verifier key you pinned');
  await screenshot(page, 'read-only-copy-lineage');
  await page.close();

  // A mutation on the copy, signed correctly for this ledger, is refused and appends nothing.
  const before = await treeSize(copy);
  const client = new WritClient({ url: copy.url, ledgerId: service.ledgerId, retries: 0 });
  const refused = await client.submit(story.world.signed(story.agents[0], 'requestCredential', { credentialId: `c-copy-${story.agents[0].id}`, delegationId: story.ids.d1, task: { id: 'copy' }, ttlSeconds: 60 }), 'requestCredential');
  expect(refused.ok ? 'accepted' : refused.problems.map((p) => p.code)).toEqual(['ledger.read_only']);
  expect(await treeSize(copy)).toBe(before);
}, 60_000);

test('Live shows decisions newest first and, after its websocket is cut, resumes with every decision exactly once', async () => {
  const w = story.world;
  const a1 = story.agents[0];
  const credentialId = `c1-live-${a1.id}`;
  await w.must(a1, 'requestCredential', { credentialId, delegationId: story.ids.d1, task: { id: 'live' }, ttlSeconds: 3600 });
  let n = 0;
  const made: number[] = [];
  const decide = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const k = ++n;
      const r = await w.client.authorize(w.signed(a1, 'authorize', { requestId: `live-${k}-${a1.id}`, credentialId, action: k % 3 === 0 ? 'delete' : 'read', resource: `erp://po/${k}`, taskId: 'live' }));
      if (!r.ok || !r.value.receipt) throw new Error(`authorize: ${JSON.stringify(r)}`);
      made.push(r.value.receipt.leafIndex);
    }
  };

  // The websocket goes through a route the test can cut, as a network drop would, without touching the service.
  const page = await browser.context.newPage();
  let cut = false;
  let connected = 0;
  const open: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/graphql$/, (ws) => {
    if (cut) return void ws.close({ code: 1001, reason: 'network down' });
    ws.connectToServer();
    connected++;
    open.push(ws);
  });
  await signIn(browser, service.url, story.keyFiles.auditor, { page });
  await page.locator('#tab-live').click();
  const positions = () => page.locator('#live-rows tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-position'))));
  const liveState = () => page.locator('#live-state').textContent();
  const rows = (count: number) => until(`${count} decisions in Live`, async () => (await positions()).length >= count);

  await rows(2); // the seeded allowed and denied decisions, from the backlog
  await decide(3);
  await rows(5);
  expect((await positions())[0]).toBe(made[2]);

  cut = true;
  for (const ws of open.splice(0)) await ws.close({ code: 1001, reason: 'network down' });
  await until('the feed to notice the drop', async () => /reconnecting, resuming after position/.test((await liveState()) ?? ''));
  await decide(3);
  expect((await positions()).length).toBe(5);
  cut = false;
  await rows(8);
  await decide(1);
  await rows(9);
  // Reconnected (acknowledged by the service) resuming after the last decision it had received before the cut.
  expect(await liveState()).toBe(`Feed: connected, after position ${made[2]}`);
  expect(connected).toBeGreaterThanOrEqual(2);

  // Every decision of the ledger, exactly once, newest first, as GraphQL lists them.
  const token = await readToken({ principalId: story.auditor.id, ledgerId: service.ledgerId, seed: story.auditor.keys.seed });
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ decisions(first: 1000) { edges { node { leafIndex } } pageInfo { hasNextPage } } }' }),
  });
  const decisions = ((await response.json()) as { data: { decisions: { edges: { node: { leafIndex: number } }[]; pageInfo: { hasNextPage: boolean } } } }).data.decisions;
  expect(decisions.pageInfo.hasNextPage).toBe(false);
  const expected = decisions.edges.map((e) => e.node.leafIndex).sort((a, b) => b - a);
  expect(expected).toEqual(expect.arrayContaining([...made, story.positions.allowed]));
  expect(await positions()).toEqual(expected);
  await screenshot(page, 'live-resumed');
  await page.close();
}, 60_000);
