// GraphiQL at /graphiql in Debian's Chromium, against the real service: the page loads
// everything from the service itself (no CDN: the browser here has no network beyond
// loopback, and every request is checked), shows the schema's docs, runs a public query,
// and runs a read with a token pasted into its Headers tab as the README says.
import type { Request } from 'playwright-core';
import { importKeys, readToken } from '../../src/sdk';
import { startService, type ServiceProcess } from '../support/service-process';
import { launchBrowser, screenshot, type Browser } from './support/browser';

let service: ServiceProcess;
let browser: Browser;

beforeAll(async () => {
  [service, browser] = await Promise.all([startService(), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service?.destroy();
});

/** The text of GraphiQL's result pane once it shows `expected`. */
async function resultShowing(page: import('playwright-core').Page, expected: string): Promise<string> {
  const result = page.locator('.graphiql-response');
  await result.getByText(expected, { exact: false }).first().waitFor();
  return result.innerText();
}

test('GraphiQL is served by the service, shows the docs and runs a public query and a read with a pasted token', async () => {
  const page = await browser.context.newPage();
  const requests: string[] = [];
  page.on('request', (r: Request) => requests.push(r.url()));
  await page.goto(`${service.url}/graphiql`);
  await page.locator('.graphiql-container').waitFor();

  // The public default query.
  await page.locator('.graphiql-execute-button').click();
  const checkpoint = await resultShowing(page, '"treeSize"');
  expect(checkpoint).toContain(`"origin": "${service.origin}"`);

  // The schema's docs, from introspection over the same endpoint.
  await page.getByRole('button', { name: /documentation explorer/i }).click();
  await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor();

  // A read needs a token: `writ token` prints one; here the SDK makes the same.
  const admin = importKeys(service.adminKeyFile());
  if (!admin.ok) throw new Error('admin key file');
  const token = readToken({ principalId: admin.value.id!, ledgerId: service.ledgerId, seed: admin.value.seed });
  await page.getByRole('button', { name: 'Headers' }).click();
  await page.locator('.graphiql-editor-tool .CodeMirror').last().click();
  await page.keyboard.insertText(JSON.stringify({ authorization: `Bearer ${token}` }));
  const query = page.locator('.graphiql-query-editor .CodeMirror').first();
  await query.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(`{ principal(id: "${admin.value.id}") { id kind } }`);
  await page.locator('.graphiql-execute-button').click();
  const read = await resultShowing(page, `"id": "${admin.value.id}"`);
  expect(read).toContain('"kind": "human"');
  await screenshot(page, 'graphiql');

  const elsewhere = requests.filter((url) => !url.startsWith(`${service.url}/`));
  expect(elsewhere).toEqual([]);
  expect(requests.some((url) => url.endsWith('/graphiql/graphiql.min.js'))).toBe(true);
  await page.close();
});

test('without a token a read is refused with its code, shown in the result pane', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${service.url}/graphiql/`);
  await page.locator('.graphiql-container').waitFor();
  const query = page.locator('.graphiql-query-editor .CodeMirror').first();
  await query.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText('{ principal(id: "nobody") { id } }');
  await page.locator('.graphiql-execute-button').click();
  expect(await resultShowing(page, '"code"')).toContain('auth.missing_token');
  await page.close();
});
