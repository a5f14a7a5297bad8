// The held-out style check of evidence bundles, through the doors a user has: the
// procurement story's approved order against the real service, bundled by `writ bundle
// --url` (GraphQL `evidence`) and by `writ bundle --store`, then checked by a fresh
// `writ verify-bundle` process that holds only the bundle file and the verifier key.
// Altered copies exit 1 naming what is wrong; bad input exits 2.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../support/ledger-fixtures';
import { startService, type ServiceProcess } from '../support/service-process';
import { ServiceWorld } from '../authorization/support/service-world';
import { writ } from '../cli/cli-support';

let service: ServiceProcess;
let w: ServiceWorld;
let approved: number;
const dir = tempDir('writ-bundle-');

beforeAll(async () => {
  service = await startService({ env: { WRIT_DURABILITY: 'normal', WRIT_CHECKPOINT_INTERVAL_MS: '200' } });
  w = new ServiceWorld(service);
  await w.procurement();
  const orders = await w.client.requestCredential(w.signed(w.agent, 'requestCredential', { credentialId: `c-orders-${w.agent.id}`, delegationId: w.dProc, task: { id: 'restock' }, ttlSeconds: 3600 }));
  if (!orders.ok) throw new Error('credential refused');
  const credential = orders.value.credential.credentialId;
  const big = { requestId: `po-big-${w.agent.id}`, resource: 'erp://po/orders/big' };
  const asked = await w.client.authorize(w.order(20_000, credential, big));
  if (!asked.ok || asked.value.decision !== 'approval_required') throw new Error('no approval asked');
  await w.must(w.hana, 'grantApproval', { agentId: w.agent.id, approvalId: big.requestId });
  const allowed = await w.client.authorize(w.order(20_000, credential, { resource: big.resource, approvalId: big.requestId }));
  if (!allowed.ok || allowed.value.decision !== 'allowed') throw new Error('the approved order was not allowed');
  approved = allowed.value.receipt!.leafIndex;
}, 60_000);
afterAll(async () => {
  await service?.stop();
  rmSync(dirname(service.dataDir), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory holding only the bundle: the checking process sees nothing else. */
function verifyAlone(file: string) {
  const alone = tempDir('writ-auditor-');
  copyFileSync(file, join(alone, 'bundle.json'));
  return writ('verify-bundle', join(alone, 'bundle.json'), '--key', service.verifierKey, '--json');
}

test("the approved order, bundled over GraphQL, verifies in a process with only the file and the key", () => {
  const out = join(dir, 'approved.json');
  const made = writ('bundle', '--decision', String(approved), '--url', service.url, '--key-file', service.files.adminKey, '--out', out);
  expect(made.stderr).toBe('');
  expect(made.code).toBe(0);
  const run = verifyAlone(out);
  expect(run.code).toBe(0);
  const report = run.json<{ ok: boolean; decision: Record<string, unknown>; atCheckpoint: { valid: boolean } }>();
  expect(report).toMatchObject({ ok: true, decision: { decision: 'allowed', rederived: 'exact', request: { agentId: w.agent.id, approvalId: `po-big-${w.agent.id}` } }, atCheckpoint: { valid: true } });
  expect((report.decision.chain as { kind: string; id: string }[]).map((h) => h.kind)).toEqual(['credential', 'agent', 'delegation', 'principal', 'entitlement']);
  const text = writ('verify-bundle', out, '--key', service.verifierKey);
  expect(text.stdout).toMatch(/decision at \d+: allowed for agent/);
  expect(text.stdout.trim().endsWith('verified')).toBe(true);
});

test('writ bundle --store by request id, against the latest recorded checkpoint', async () => {
  const out = join(dir, 'store.json');
  let made = writ('bundle', '--decision', `po-big-${w.agent.id}`, '--store', service.dataDir, '--out', out);
  for (let i = 0; i < 50 && made.code !== 0; i++) {
    await new Promise((r) => setTimeout(r, 200));
    made = writ('bundle', '--decision', `po-big-${w.agent.id}`, '--store', service.dataDir, '--out', out);
  }
  expect(made.code).toBe(0);
  const run = verifyAlone(out);
  expect(run.code).toBe(0);
  // The request id names the approval request, the first decision recorded for it.
  expect(run.json()).toMatchObject({ ok: true, decision: { decision: 'approval_required', rederived: 'exact' } });
});

test('altered copies exit 1 and name the first thing wrong; unreadable input exits 2', () => {
  const out = join(dir, 'approved.json');
  const original = JSON.parse(readFileSync(out, 'utf8'));
  const cases: [string, (b: any) => void, string, string][] = [
    ['an envelope', (b) => (b.events[2].envelope = b.events[2].envelope.replace('"issuedAt":"', '"issuedAt":"1')), 'events[2].envelope', ''],
    ['a proof hash', (b) => (b.events[0].inclusionProof[0] = 'f'.repeat(64)), 'bundle.not_included', 'events[0].inclusionProof'],
    ['a state value', (b) => (b.states[0].record.position += 1), 'bundle.state_mismatch', 'states[0].record'],
    ['the checkpoint', (b) => (b.checkpoint.note = b.checkpoint.note.replace(/\n(\d+)\n/, (_: string, n: string) => `\n${Number(n) + 1}\n`)), 'note.bad_signature', 'checkpoint.note'],
  ];
  for (const [what, alter, code, path] of cases) {
    const b = structuredClone(original);
    alter(b);
    const file = join(dir, `altered-${what.replace(/ /g, '-')}.json`);
    writeFileSync(file, JSON.stringify(b));
    const run = writ('verify-bundle', file, '--key', service.verifierKey, '--json');
    expect({ what, code: run.code }).toEqual({ what, code: 1 });
    const problem = run.json<{ ok: boolean; problem: { code: string; path: string } }>().problem;
    if (path === '') expect(problem.path).toMatch(/^events\[2\]/);
    else expect(problem).toMatchObject({ code, path: expect.stringMatching(new RegExp(`^${path.replace(/[[\].]/g, '\\$&')}`)) });
  }
  writeFileSync(join(dir, 'not-json.json'), '{');
  expect(writ('verify-bundle', join(dir, 'not-json.json'), '--key', service.verifierKey).code).toBe(2);
  expect(writ('verify-bundle', out, '--key', 'not a key').code).toBe(2);
  expect(writ('bundle', '--out', join(dir, 'x.json'), '--store', service.dataDir).code).toBe(2);
});
