// The auditor console in Debian's Chromium against the real service on a fresh ledger
// seeded through the SDK (support/seed.ts): sign in with a key file, the lineage graph
// of a decision back to the human, "as of" before the revocation, an inventory's CSV
// against the GraphQL answer, and a receipt whose proof is altered in transit.
// (A read-only copy and the Live feed's resume: copy-and-live.e2e.spec.ts.)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { readToken } from '../../src/sdk';
import { startService, type ServiceProcess } from '../support/service-process';
import { launchBrowser, screenshot, type Browser } from './support/browser';
import { graphNodes, showLineage, signIn as openConsole } from './support/console-page';
import { seedStory, type Story } from './support/seed';

let service: ServiceProcess;
let browser: Browser;
let story: Story;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'writ-console-'));
  [service, browser] = await Promise.all([startService(), launchBrowser()]);
  story = await seedStory(service, dir);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const signIn = (keyFile: string, options: { pin?: boolean; page?: Page } = {}): Promise<Page> =>
  openConsole(browser, service.url, keyFile, { ...(options.pin ? { verifierKey: service.verifierKey } : {}), ...(options.page ? { page: options.page } : {}) });
const nodes = graphNodes;

async function setAsOf(page: Page, position: number | 'now'): Promise<void> {
  await page.locator('#asof-kind').selectOption(position === 'now' ? 'now' : 'position');
  if (position !== 'now') await page.locator('#asof-value').fill(String(position));
  await page.locator('.asof button[type=submit]').click();
  await page.locator('#asof-current').getByText(position === 'now' ? 'now' : `position ${position}`).waitFor();
}

test('an auditor signs in with the key file; the key stays in the browser; a plain human is told what it may not read', async () => {
  const page = await signIn(story.keyFiles.auditor);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(`${r.url()} ${r.postData() ?? ''}`));
  await expect(page.locator('#who').textContent()).resolves.toContain(`Signed in as ${story.auditor.id} (human, Audrey Auditor, active), roles: auditor`);
  await page.locator('#tab-events').click();
  await page.locator('table.events tbody tr').first().waitFor();
  const seed = JSON.parse(readFileSync(story.keyFiles.auditor, 'utf8')).seed as string;
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.filter((r) => r.includes(seed))).toEqual([]);
  await screenshot(page, 'sign-in-auditor');
  await page.close();

  const hana = await signIn(story.keyFiles.hana);
  await hana.locator('#tab-events').click();
  const refusal = hana.locator('.problems');
  await refusal.waitFor();
  await expect(refusal.textContent()).resolves.toMatch(/Refused \(auth\.forbidden\)[\s\S]*may read only what lies under it/);
  await screenshot(hana, 'sign-in-forbidden');
  await hana.close();
}, 60_000);

test("the lineage graph of a decision shows exactly the chain back to the human, each node's status then and now", async () => {
  const page = await signIn(story.keyFiles.auditor);
  await showLineage(page, 'decision', story.ids.allowed);
  const [a1, a2, a3] = story.agents.map((a) => a.id);
  const { d1, d2, d3, c3 } = story.ids;
  const revoked = new Set([`delegation:${d2}`, `delegation:${d3}`, `credential:${c3}`]);
  const expected = [`principal:${story.hana.id}`, `delegation:${d1}`, `agent:${a1}`, `delegation:${d2}`, `agent:${a2}`, `delegation:${d3}`, `agent:${a3}`, `credential:${c3}`]
    .map((node): { node: string; status: string; asOf: string | null } => ({ node, status: 'active', asOf: revoked.has(node) ? 'revoked' : 'active' }))
    .concat([{ node: `decision:${story.positions.allowed}`, status: 'allowed', asOf: null }])
    .sort((a, b) => a.node.localeCompare(b.node));
  expect(await nodes(page)).toEqual(expected);
  // Top-down: the human above the root delegation, the decision below the credential.
  const y = (key: string) => page.locator(`[data-node="${key}"]`).evaluate((e) => e.getBoundingClientRect().top);
  expect(await y(`principal:${story.hana.id}`)).toBeLessThan(await y(`delegation:${d1}`));
  expect(await y(`credential:${c3}`)).toBeLessThan(await y(`decision:${story.positions.allowed}`));
  // Edges carry the capabilities and the window.
  await expect(page.locator(`[data-from="delegation:${d3}"][data-to="agent:${a3}"] title`).textContent()).resolves.toMatch(/^erp:\/\/po\/\*\* read \[\d{4}-\d\d-\d\d \d\d:\d\dZ → \d{4}-/);
  // A node's events, each receipt verified in this browser against the pinned key.
  await page.locator(`[data-node="delegation:${d2}"]`).focus();
  await page.keyboard.press('Enter');
  await page.locator('#node-events tbody tr:not([data-verified="pending"])').first().waitFor();
  await expect(page.locator('#node-events tbody').textContent()).resolves.toContain('verified in this browser');
  const receipts = await page.locator('#node-events tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verified')));
  expect(receipts).toEqual(['true', 'true']);
  await expect(page.locator('#node-events').textContent()).resolves.toContain('verified in this browser');
  await screenshot(page, 'lineage-decision');
  await page.close();
}, 60_000);

test('moving "as of" before the revocation shows the delegation active; back to now, revoked', async () => {
  const page = await signIn(story.keyFiles.auditor);
  await showLineage(page, 'delegation', story.ids.d3);
  const status = (id: string) => page.locator(`[data-node="delegation:${id}"]`).getAttribute('data-status');
  await expect(status(story.ids.d2)).resolves.toBe('revoked');
  await setAsOf(page, story.positions.revocation - 1);
  await page.locator(`[data-node="delegation:${story.ids.d2}"][data-status="active"]`).waitFor();
  await expect(status(story.ids.d3)).resolves.toBe('active');
  await expect(page.locator(`[data-node="delegation:${story.ids.d2}"]`).textContent()).resolves.toContain('status: active');
  await screenshot(page, 'lineage-before-revocation');
  await setAsOf(page, 'now');
  await page.locator(`[data-node="delegation:${story.ids.d2}"][data-status="revoked"]`).waitFor();
  await page.close();
}, 60_000);

test("an inventory's CSV is exactly the GraphQL answer, every page of it", async () => {
  const page = await signIn(story.keyFiles.auditor);
  await page.locator('#tab-inventories').click();
  await page.locator('#inventory').selectOption('unreviewed');
  await page.locator('#inventory-count, .problems').first().waitFor();
  expect(await page.locator('.problems').count()).toBe(0);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#inventory-csv').click()]);
  const csv = readFileSync((await download.path())!, 'utf8');

  // The same inventory asked by the test itself, 2 per page so paging is exercised.
  const rows: string[][] = [];
  let after: string | null = null;
  const token = await auditorToken();
  for (;;) {
    const response = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query($after: String) { unreviewed(days: 90, first: 2, after: $after) { edges { node { reason agent { id ownerId status lastReviewedAt modelChangedAt } } } pageInfo { hasNextPage endCursor } } }', variables: { after } }),
    });
    const page = ((await response.json()) as { data: { unreviewed: { edges: { node: { reason: string; agent: Record<string, string | null> } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } }).data.unreviewed;
    for (const { node } of page.edges) rows.push([node.agent.id!, node.agent.ownerId!, node.agent.status!, node.reason, node.agent.lastReviewedAt ?? '', node.agent.modelChangedAt ?? '']);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(rows.length).toBeGreaterThanOrEqual(3);
  const expected = [['agent', 'owner', 'status', 'reason', 'lastReviewedAt', 'modelChangedAt'], ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
  expect(csv).toBe(expected);
  await screenshot(page, 'inventory-unreviewed');
  await page.close();
}, 60_000);

test('a receipt whose inclusion proof was altered in transit is shown as not verified', async () => {
  const page = await browser.context.newPage();
  await page.route('**/graphql', async (route) => {
    const response = await route.fetch();
    const text = await response.text();
    // Flip one hex digit of the first proof hash of every inclusion proof in the answer.
    const tampered = text.replace(/("proof":\["?)([0-9a-f])/g, (_m, head: string, digit: string) => `${head}${digit === '0' ? '1' : '0'}`);
    await route.fulfill({ response, body: tampered });
  });
  await signIn(story.keyFiles.auditor, { page, pin: true });
  await showLineage(page, 'delegation', story.ids.d2);
  await page.locator(`[data-node="delegation:${story.ids.d2}"]`).click();
  await page.locator('#node-events tbody tr:not([data-verified="pending"])').first().waitFor();
  const verdicts = await page.locator('#node-events tbody tr td:last-child').allTextContents();
  expect(verdicts.length).toBe(2);
  for (const v of verdicts) expect(v).toMatch(/^NOT verified: /);
  await screenshot(page, 'receipt-tampered');
  await page.close();
}, 60_000);

async function auditorToken(): Promise<string> {
  return readToken({ principalId: story.auditor.id, ledgerId: service.ledgerId, seed: story.auditor.keys.seed });
}
