// The auditor console in Chromium (issue 19), timed in the browser through Playwright:
// first load on loopback (to the sign-in form), a lineage graph of depth 10 (query and
// drawing), and an inventory of 10,000 rows loaded and scrolled end to end (the rows come
// from a stubbed GraphQL answer, so the figure is the browser's, not the service's).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatKeyFile } from '../src/sdk';
import { party, ServiceWorld } from '../test/authorization/support/service-world';
import { launchBrowser } from '../test/console/support/browser';
import { startService } from '../test/support/service-process';
import type { Row } from './harness';

const DEPTH = 10;
const ROWS = 10_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

// In-page scripts as text (this file is compiled without the DOM library).
const LINEAGE_TIMER = `new Promise((resolve) => {
  const t0 = performance.now();
  const done = () => document.querySelectorAll('#lineage-graph [data-node]').length > 0 ? requestAnimationFrame(() => resolve(performance.now() - t0)) : requestAnimationFrame(done);
  document.getElementById('lineage-show').click();
  done();
})`;
const SCROLL_TIMER = `new Promise((resolve) => {
  const box = document.querySelector('.vtable');
  const t0 = performance.now();
  let frames = 0;
  const step = () => {
    frames++;
    box.scrollTop += 1400;
    if (box.scrollTop + box.clientHeight >= box.scrollHeight - 1) return resolve({ ms: performance.now() - t0, frames });
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})`;

const timed = (name: string, ms: number, note: string): Row => ({ name, opsPerSecond: 1000 / ms, note: `${ms.toFixed(0)} ms; ${note}` });

export async function consoleBench(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'writ-bench-console-'));
  const [service, browser] = await Promise.all([startService(), launchBrowser()]);
  try {
    const w = new ServiceWorld(service);
    const auditor = party('auditor');
    await w.must(w.admin, 'registerPrincipal', { principalId: auditor.id, kind: 'human', name: 'Auditor', publicKey: auditor.keys.publicKeyBase64Url });
    await w.must(w.admin, 'grantRole', { principalId: auditor.id, role: 'auditor' });
    const leaf = await seedChain(w);
    const keyFile = join(dir, 'auditor.key.json');
    writeFileSync(keyFile, formatKeyFile(auditor.keys.seed, auditor.id));
    const page = await browser.context.newPage();

    await page.goto(`${service.url}/console/`);
    await page.locator('#key-file').waitFor();
    const firstView = await page.evaluate(() => performance.now());

    await page.locator('#key-file').setInputFiles(keyFile);
    await page.locator('#sign-in').click();
    await page.locator('#who').getByText('roles:').waitFor();
    await page.locator('#lineage-kind').selectOption('delegation');
    await page.locator('#lineage-subject').fill(leaf);
    const lineageMs = await page.evaluate<number>(LINEAGE_TIMER);
    const nodes = await page.locator('#lineage-graph [data-node]').count();

    await page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (!body.includes('inv: orphaned')) return route.continue();
      const { after } = (JSON.parse(body) as { variables: { after: string | null } }).variables;
      const from = after === null ? 0 : Number(after);
      const edges = Array.from({ length: Math.min(500, ROWS - from) }, (_, i) => ({ node: agentNode(from + i) }));
      const end = from + edges.length;
      await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ data: { inv: { edges, pageInfo: { hasNextPage: end < ROWS, endCursor: String(end) } } } }) });
    });
    const loadStart = await page.evaluate(() => performance.now());
    await page.locator('#tab-inventories').click();
    await page.locator('#inventory-count').getByText(`${ROWS} of ${ROWS}`).waitFor();
    const loadMs = (await page.evaluate(() => performance.now())) - loadStart;
    const scroll = await page.evaluate<{ ms: number; frames: number }>(SCROLL_TIMER);
    return [
      timed('console first load (to the sign-in form)', firstView, 'target < 1000 ms, loopback, cold profile'),
      timed(`lineage of depth ${DEPTH} drawn (${nodes} nodes)`, lineageMs, 'from the click: query, dagre layout and SVG; target < 300 ms'),
      timed(`inventory of ${ROWS.toLocaleString('en-US')} rows loaded`, loadMs, `${ROWS / 500} pages of 500 from a stubbed answer, then sorted/filtered and rendered`),
      timed(`inventory of ${ROWS.toLocaleString('en-US')} rows scrolled end to end`, scroll.ms, `${scroll.frames} frames of 1400 px, ${(scroll.ms / scroll.frames).toFixed(1)} ms/frame (virtualized)`),
    ];
  } finally {
    await browser.close();
    await service.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A human, then agents a1 -> ... -> a10 (subagents), each delegating to the next. */
async function seedChain(w: ServiceWorld): Promise<string> {
  const human = party('hana');
  const model = { name: 'm', version: '1' };
  await w.must(w.admin, 'registerPrincipal', { principalId: human.id, kind: 'human', name: 'Hana', publicKey: human.keys.publicKeyBase64Url });
  const ent = `e-${human.id}`;
  await w.must(w.admin, 'grantEntitlement', { principalId: human.id, entitlementId: ent, capability: { resource: 'erp://po/**', actions: ['read'] } });
  let by = human;
  let parent: string | undefined;
  for (let i = 1; i <= DEPTH; i++) {
    const agent = party(`a${i}`);
    await w.must(by, 'provisionAgent', { agentId: agent.id, ownerId: human.id, publicKey: agent.keys.publicKeyBase64Url, purpose: `level ${i}`, model, ...(i > 1 ? { parentAgentId: by.id } : {}) });
    const id = `d${i}-${human.id}`;
    await w.must(by, 'grantDelegation', { delegationId: id, delegateeId: agent.id, ...(parent ? { parentId: parent } : { entitlementId: ent }), capabilities: [{ resource: 'erp://po/**', actions: ['read'] }], notBefore: at(-60_000), notAfter: at(86_400_000 - i * 1000), depth: DEPTH - i, purpose: `level ${i}` });
    by = agent;
    parent = id;
  }
  return parent!;
}

const agentNode = (i: number) => ({
  id: `agent-${String(i).padStart(5, '0')}`,
  ownerId: `human-${i % 97}`,
  status: 'active',
  purpose: `purpose ${i % 13}`,
  modelName: 'm',
  modelVersion: '1',
  provisionedAt: '2025-01-01T00:00:00.000Z',
  lastReviewedAt: null,
});
