// The console's Anomalies inventory in Debian's Chromium. Anomalies need recorded times a
// test controls (a baseline over days, then a burst at 3 AM), so the ledger is the real
// runtime in this process with a clock the test drives (test/read-models/support/world.ts),
// served by the real createHttpApp, which serves the built console beside /graphql. Signed
// in with the admin's key file: the rows shown equal the GraphQL `anomalies` answer, and
// "as of" before the burst shows none.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { formatKeyFile } from '../../src/sdk/key-file';
import type { TestApp } from '../interface/support/app';
import { startReadApp, tokenOf } from '../read-models/support/app';
import { cap, openWorld, type World } from '../read-models/support/world';
import { launchBrowser, screenshot, type Browser } from './support/browser';
import { signIn } from './support/console-page';

const HOUR = 3_600_000;
const START = Date.parse('2025-03-03T00:00:00.000Z');
let clock = START;
let w: World;
let api: TestApp;
let browser: Browser;
let dir: string;
let keyFile: string;
let beforeBurst = 0;

const ANOMALIES = `{ anomalies(first: 100) { edges { node { recordedAt agentId rule severity value baseline threshold subject positions } } } }`;

async function decisions(credentialId: string, count: number, resource: (i: number) => string): Promise<void> {
  const { a1 } = w.agents;
  await w.submit(a1, 'credential.request', { credentialId, delegationId: 'd-1', task: { id: 't' }, ttlSeconds: 600 });
  for (let i = 0; i < count; i++) {
    clock += 1000;
    await w.submit(a1, 'action.request', { requestId: `${credentialId}-${i}`, credentialId, action: 'read', resource: resource(i), taskId: 't' });
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'writ-console-anomalies-'));
  const started = launchBrowser();
  w = await openWorld(2000, ':memory:', () => clock);
  const { admin, alice } = w.people;
  const { a1 } = w.agents;
  await w.submit(admin, 'principal.registered', { principalId: alice.id, kind: 'human', name: 'alice', publicKey: alice.publicKey });
  await w.submit(admin, 'principal.entitlement_granted', { principalId: alice.id, entitlementId: 'ent-1', capability: cap('crm://**', ['read']) });
  await w.submit(alice, 'agent.provisioned', { agentId: a1.id, ownerId: alice.id, publicKey: a1.publicKey, purpose: 'support', model: { name: 'm', version: '1' } });
  await w.submit(alice, 'delegation.granted', {
    delegationId: 'd-1', delegateeId: a1.id, entitlementId: 'ent-1', capabilities: [cap('crm://**', ['read'])],
    notBefore: new Date(START).toISOString(), notAfter: new Date(START + 30 * 24 * HOUR).toISOString(), depth: 0, purpose: 'support',
  });
  // Three days, 09:00-17:00 UTC, three decisions an hour; then 60 at 3 AM on the archive.
  for (let day = 0; day < 3; day++) {
    for (let h = 9; h < 17; h++) {
      clock = START + day * 24 * HOUR + h * HOUR;
      await decisions(`c-${day}-${h}`, 3, (i) => `crm://customers/${day}-${h}-${i}`);
    }
  }
  await w.settle();
  beforeBurst = w.runtime.size() - 1;
  clock = START + 3 * 24 * HOUR + 3 * HOUR;
  await decisions('c-burst', 60, (i) => `crm://archive/${i}`);
  await w.settle();
  api = await startReadApp(w);
  browser = await started;
  keyFile = join(dir, 'admin.key.json');
  writeFileSync(keyFile, formatKeyFile(admin.keys.seed, admin.id), { mode: 0o600 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await w?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function anomalyRows(page: Page): Promise<string[][]> {
  await page.locator('#tab-inventories').click();
  await page.locator('#inventory').selectOption('anomalies');
  await page.locator('#inventory-count, .problems').first().waitFor();
  await page.getByRole('columnheader', { name: 'positions' }).waitFor();
  return page.locator('.vtable tbody tr:not([aria-hidden])').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

test('the Anomalies inventory lists the GraphQL answer: rule, severity, agent, value, baseline, threshold, time and positions', async () => {
  const page = await signIn(browser, api.url, keyFile);
  const shown = await anomalyRows(page);
  const { body } = await api.graphql(ANOMALIES, {}, await tokenOf(w, w.people.admin));
  expect(body.errors).toBeUndefined();
  type Node = { recordedAt: string; agentId: string; rule: string; severity: string; value: number; baseline: number; threshold: number; subject: string | null; positions: number[] };
  const nodes: Node[] = body.data!['anomalies'].edges.map((e: { node: Node }) => e.node);
  // The burst: 3 AM, a first use, a new credential at 30, a rate spike at 50 (docs/behaviour.md).
  expect(nodes.map((n) => n.rule)).toEqual(['hours.unusual', 'resource.first_use', 'credential.new_rate', 'rate.spike']);
  const text = (v: string | number | null) => (v === null ? '' : String(v));
  expect(shown).toEqual(nodes.map((n) => [n.recordedAt, n.rule, n.severity, n.agentId, text(n.value), text(n.baseline), text(n.threshold), text(n.subject), n.positions.join(', ')]));
  expect(shown[3]).toEqual(expect.arrayContaining(['rate.spike', 'medium', '50', `${beforeBurst + 2}, ${beforeBurst + 51}`]));
  await expect(page.locator('#inventory-count').textContent()).resolves.toBe('4 of 4 rows shown');
  await screenshot(page, 'anomalies');

  // Keyboard: the table is focusable and its sort buttons work with Enter.
  await page.getByRole('button', { name: 'severity' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.vtable tbody tr:not([aria-hidden]) td:nth-child(3)').allTextContents()).resolves.toEqual(['high', 'low', 'medium', 'medium']);

  // As of the last position before the burst: no anomaly.
  await page.locator('#asof-kind').selectOption('position');
  await page.locator('#asof-value').fill(String(beforeBurst));
  await page.locator('.asof button[type=submit]').click();
  await page.locator('#inventory-count').getByText('0 of 0 rows shown').waitFor();
  await page.close();
}, 60_000);
