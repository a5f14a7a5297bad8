// The sources' scenario at full size (issue 21), over the real in-process runtime on a
// SQLite file and the real `writ verify` process: an agent reads customer records at 50
// decisions an hour in business hours for a simulated week (the clock is the test's),
// then at 3 AM bursts 5,000 requests at records it never touched. Under a policy that
// suspends for `rate.spike` at `high` (50 times its baseline), the ledger suspends it by a
// signed statement naming the anomaly right after the decision that crossed; every later
// decision, the subagent's too, is denied `agent.suspended`; `writ verify` re-derives the
// suspension; the owner's resume restores the agent.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedEvent } from '../../src/domain';
import { formatKeyFile } from '../../src/sdk/key-file';
import { tempDir } from '../support/ledger-fixtures';
import { cap, openWorld, type World } from '../read-models/support/world';
import { writ, type Report } from './cli-support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2025-03-03T00:00:00.000Z'); // a Monday
const PER_HOUR = 50;
const BURST = 5_000;
let clock = START;
let w: World;
let dir: string;
let log: RecordedEvent[] = [];
const burst: { position: number; type: string; reason?: string }[] = [];
let subagentAfter: RecordedEvent | undefined;
let resumedDecision: RecordedEvent | undefined;

const outcome = (e: RecordedEvent) => ({ position: e.position, type: e.type, reason: (e.result as { reason?: string } | undefined)?.reason });

async function act(by: World['agents']['a1'], credentialId: string, requestId: string, resource: string, stepMs: number): Promise<RecordedEvent> {
  clock += stepMs;
  const receipt = await w.submit(by, 'action.request', { requestId, credentialId, action: 'read', resource, taskId: 't' });
  return (await w.runtime.readLog(receipt.leafIndex, 1))[0]!;
}

beforeAll(async () => {
  dir = tempDir('writ-containment-week-');
  mkdirSync(join(dir, 'keys'));
  w = await openWorld(2000, join(dir, 'writ.db'), () => clock);
  const { admin, alice, ledger } = w.people;
  const { a1, a2 } = w.agents;
  writeFileSync(join(dir, 'keys', 'ledger.key.json'), formatKeyFile(ledger.keys.seed, ledger.id), { mode: 0o600 });
  await w.submit(admin, 'principal.registered', { principalId: alice.id, kind: 'human', name: 'alice', publicKey: alice.publicKey });
  await w.submit(admin, 'principal.entitlement_granted', { principalId: alice.id, entitlementId: 'ent-1', capability: cap('crm://**', ['read']) });
  await w.submit(alice, 'agent.provisioned', { agentId: a1.id, ownerId: alice.id, publicKey: a1.publicKey, purpose: 'support', model: { name: 'm', version: '1' } });
  await w.submit(a1, 'agent.provisioned', { agentId: a2.id, ownerId: alice.id, publicKey: a2.publicKey, purpose: 'helper', model: { name: 'm', version: '1' }, parentAgentId: a1.id });
  const window = { notBefore: new Date(START).toISOString(), notAfter: new Date(START + 30 * DAY).toISOString() };
  await w.submit(alice, 'delegation.granted', { delegationId: 'd-1', delegateeId: a1.id, entitlementId: 'ent-1', capabilities: [cap('crm://**', ['read'])], ...window, depth: 1, purpose: 'support' });
  await w.submit(a1, 'delegation.granted', { delegationId: 'd-2', delegateeId: a2.id, parentId: 'd-1', capabilities: [cap('crm://**', ['read'])], ...window, depth: 0, purpose: 'help' });
  await w.submit(admin, 'containment.policy_set', { suspend: [{ rule: 'rate.spike', atLeast: 'high' }], reason: 'contain runaway agents' });
  // A week of business hours: Monday to Friday, 09:00-17:00 UTC, 50 decisions an hour on customer records.
  for (let day = 0; day < 5; day++) {
    for (let h = 9; h < 17; h++) {
      clock = START + day * DAY + h * HOUR;
      await w.submit(a1, 'credential.request', { credentialId: `c-${day}-${h}`, delegationId: 'd-1', task: { id: 't' }, ttlSeconds: 3600 });
      for (let i = 0; i < PER_HOUR; i++) await act(a1, `c-${day}-${h}`, `r-${day}-${h}-${i}`, `crm://customers/${(day * 8 + h) % 40}-${i}`, 60_000);
    }
  }
  // Monday, 3 AM: 5,000 requests in a few minutes on records it never touched.
  clock = START + 7 * DAY + 3 * HOUR;
  await w.submit(a2, 'credential.request', { credentialId: 'c-sub', delegationId: 'd-2', task: { id: 't' }, ttlSeconds: 3600 });
  await w.submit(a1, 'credential.request', { credentialId: 'c-burst', delegationId: 'd-1', task: { id: 't' }, ttlSeconds: 3600 });
  for (let i = 0; i < BURST; i++) burst.push(outcome(await act(a1, 'c-burst', `burst-${i}`, `crm://archive/${i}`, 50)));
  subagentAfter = await act(a2, 'c-sub', 'sub-1', 'crm://customers/1', 50);
  await w.settle();
  await w.submit(alice, 'agent.resumed', { agentId: a1.id, reason: 'reviewed: an export gone wrong' });
  await w.submit(a1, 'credential.request', { credentialId: 'c-after', delegationId: 'd-1', task: { id: 't' }, ttlSeconds: 600 });
  resumedDecision = await act(a1, 'c-after', 'after-1', 'crm://customers/9', 1000);
  await w.settle();
  log = [...(await w.runtime.readLog(0, w.runtime.size()))];
  await w.close();
}, 600_000);

test('the week raises no suspension; the burst is suspended by the ledger right after the decision that crossed, with its explanation', () => {
  const threshold = 50 * PER_HOUR; // rate.spike at high: 50 times the agent's own hourly baseline
  expect(burst.slice(0, threshold).every((d) => d.type === 'action.authorized')).toBe(true);
  const crossing = burst[threshold - 1]!;
  const suspensions = log.filter((e) => e.type === 'agent.suspended');
  expect(suspensions).toHaveLength(1);
  const suspension = log[crossing.position + 1]!;
  expect(suspension).toMatchObject({ type: 'agent.suspended', statement: { actor: w.people.ledger.id, body: { agentId: w.agents.a1.id } } });
  expect((suspension.statement.body as { anomaly: unknown }).anomaly).toEqual({
    rule: 'rate.spike', severity: 'high', value: threshold, baseline: PER_HOUR, threshold, positions: [burst[0]!.position, crossing.position],
  });
});

test('every later decision, and the subagent’s, is denied agent.suspended; the owner’s resume restores the agent', () => {
  expect(burst.slice(50 * PER_HOUR).every((d) => d.type === 'action.denied' && d.reason === 'agent.suspended')).toBe(true);
  expect(burst).toHaveLength(BURST);
  expect(outcome(subagentAfter!)).toMatchObject({ type: 'action.denied', reason: 'agent.suspended' });
  expect(resumedDecision?.type).toBe('action.authorized');
});

test('writ verify re-derives the week, the burst and the automatic suspension from the log', () => {
  const run = writ('verify', '--store', dir, '--json', '--key', w.runtime.verifierKey);
  expect(run.json<Report>()).toMatchObject({ ok: true, findings: [] });
  expect(run.code).toBe(0);
});
