// Driving the console as an auditor does: sign in with a key file, show a lineage, read
// the graph's nodes. Shared by the console specs (the live service and a read-only copy).
import type { Page } from 'playwright-core';
import type { Browser } from './browser';

export interface SignInOptions {
  /** Pins this C2SP verifier key at sign-in (receipts are then checked against it, not the JWKS). */
  readonly verifierKey?: string;
  /** A page prepared by the caller (routes set before the console loads). */
  readonly page?: Page;
}

/** Opens `<url>/console/`, signs in with the key file, and waits for the principal's roles. */
export async function signIn(browser: Browser, url: string, keyFile: string, options: SignInOptions = {}): Promise<Page> {
  const page = options.page ?? (await browser.context.newPage());
  await page.goto(`${url}/console/`);
  await page.locator('#key-file').setInputFiles(keyFile);
  if (options.verifierKey) await page.locator('#verifier-key').fill(options.verifierKey);
  await page.locator('#sign-in').click();
  await page.locator('#who').getByText('roles:').waitFor();
  return page;
}

export async function showLineage(page: Page, kind: string, id: string): Promise<void> {
  await page.locator('#tab-lineage').click();
  await page.locator('#lineage-kind').selectOption(kind);
  await page.locator('#lineage-subject').fill(id);
  await page.locator('#lineage-show').click();
  await page.locator('#lineage-graph').waitFor();
}

export interface GraphNode {
  readonly node: string;
  readonly status: string;
  readonly asOf: string | null;
}

/** The lineage graph's nodes (key, status then, status as of), sorted by key. */
export const graphNodes = (page: Page): Promise<GraphNode[]> =>
  page.locator('#lineage-graph [data-node]').evaluateAll((els) =>
    els.map((e) => ({ node: e.getAttribute('data-node')!, status: e.getAttribute('data-status')!, asOf: e.getAttribute('data-status-asof') })).sort((a, b) => a.node.localeCompare(b.node)),
  );

/** Opens a node's events and waits until every receipt is checked; the verdicts, in row order. */
export async function nodeReceipts(page: Page, node: string): Promise<{ verified: (string | null)[]; text: string }> {
  await page.locator(`[data-node="${node}"]`).click();
  await page.locator('#node-events tbody tr').first().waitFor();
  const pending = page.locator('#node-events tbody tr[data-verified="pending"]');
  for (const end = Date.now() + 15_000; (await pending.count()) > 0; await page.waitForTimeout(50)) {
    if (Date.now() > end) throw new Error(`receipts of ${node} still pending after 15 s`);
  }
  const verified = await page.locator('#node-events tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verified')));
  return { verified, text: (await page.locator('#node-events').textContent()) ?? '' };
}
