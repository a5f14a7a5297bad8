// Containment on the record (issue 21), over the real in-process runtime on a SQLite file
// and the real `writ verify` process. An agent with a three-day baseline bursts at 3 AM
// under a policy that suspends for `rate.spike` at `high`: the ledger records its signed
// `agent.suspended` naming the anomaly right after the decision that crossed (in the same
// batch), the next decision is denied `agent.suspended`, the cascade reaches the subagent
// and the credentials, `writ verify` re-derives the suspension, a forged one with a
// made-up anomaly is refused naming its position, and the owner's resume restores the agent.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedEvent } from '../../src/domain';
import { formatKeyFile } from '../../src/sdk/key-file';
import { tempDir } from '../support/ledger-fixtures';
import type { BuilderActor } from '../support/ledger-builder';
import { cap, openWorld, type World } from '../read-models/support/world';
import { copyLedger, forgeAppend, writ, type Report } from './cli-support';

const HOUR = 3_600_000;
const START = Date.parse('2025-03-03T00:00:00.000Z');
let clock = START;
let w: World;
let dir: string;
let verifierKey: string;
let ledger: BuilderActor;
let log: RecordedEvent[] = [];
/** Outcome of each burst decision: the recorded event type (and reason for a denial). */
const burst: { position: number; type: string; reason?: string }[] = [];
let subagentAfter: RecordedEvent | undefined;
let resumedDecision: RecordedEvent | undefined;

const decisionOf = (e: RecordedEvent) => ({ position: e.position, type: e.type, reason: (e.result as { reason?: string } | undefined)?.reason });

async function act(by: World['agents']['a1'], credentialId: string, requestId: string, resource: string): Promise<RecordedEvent> {
  clock += 1000;
  const receipt = await w.submit(by, 'action.request', { requestId, credentialId, action: 'read', resource, taskId: 't' });
  return (await w.runtime.readLog(receipt.leafIndex, 1))[0]!;
}

beforeAll(async () => {
  dir = tempDir('writ-containment-');
  mkdirSync(join(dir, 'keys'));
  w = await openWorld(2000, join(dir, 'writ.db'), () => clock);
  const { admin, alice, ledger: l } = w.people;
  const { a1, a2 } = w.agents;
  ledger = { id: l.id, seed: l.keys.seed, publicKey: l.publicKey };
  writeFileSync(join(dir, 'keys', 'ledger.key.json'), formatKeyFile(l.keys.seed, l.id), { mode: 0o600 });
  verifierKey = w.runtime.verifierKey;
  await w.submit(admin, 'principal.registered', { principalId: alice.id, kind: 'human', name: 'alice', publicKey: alice.publicKey });
  await w.submit(admin, 'principal.entitlement_granted', { principalId: alice.id, entitlementId: 'ent-1', capability: cap('crm://**', ['read']) });
  await w.submit(alice, 'agent.provisioned', { agentId: a1.id, ownerId: alice.id, publicKey: a1.publicKey, purpose: 'support', model: { name: 'm', version: '1' } });
  await w.submit(a1, 'agent.provisioned', { agentId: a2.id, ownerId: alice.id, publicKey: a2.publicKey, purpose: 'helper', model: { name: 'm', version: '1' }, parentAgentId: a1.id });
  const window = { notBefore: new Date(START).toISOString(), notAfter: new Date(START + 30 * 24 * HOUR).toISOString() };
  await w.submit(alice, 'delegation.granted', { delegationId: 'd-1', delegateeId: a1.id, entitlementId: 'ent-1', capabilities: [cap('crm://**', ['read'])], ...window, depth: 1, purpose: 'support' });
  await w.submit(a1, 'delegation.granted', { delegationId: 'd-2', delegateeId: a2.id, parentId: 'd-1', capabilities: [cap('crm://**', ['read'])], ...window, depth: 0, purpose: 'help' });
  // Admin's policy: a rate spike at high suspends; everything else only flags.
  await w.submit(admin, 'containment.policy_set', { suspend: [{ rule: 'rate.spike', atLeast: 'high' }], reason: 'contain runaway agents' });
  // Three days, 09:00-17:00 UTC, five decisions an hour (24 active hours: a baseline of 5 an hour).
  for (let day = 0; day < 3; day++) {
    for (let h = 9; h < 17; h++) {
      clock = START + day * 24 * HOUR + h * HOUR;
      await w.submit(a1, 'credential.request', { credentialId: `c-${day}-${h}`, delegationId: 'd-1', task: { id: 't' }, ttlSeconds: 600 });
      for (let i = 0; i < 5; i++) await act(a1, `c-${day}-${h}`, `r-${day}-${h}-${i}`, `crm://customers/${day}-${h}-${i}`);
    }
  }
  // 3 AM: a new credential, 260 requests on records never touched (high: 50 x 5 = 250).
  clock = START + 3 * 24 * HOUR + 3 * HOUR;
  await w.submit(a2, 'credential.request', { credentialId: 'c-sub', delegationId: 'd-2', task: { id: 't' }, ttlSeconds: 600 });
  await w.submit(a1, 'credential.request', { credentialId: 'c-burst', delegationId: 'd-1', task: { id: 't' }, ttlSeconds: 600 });
  for (let i = 0; i < 260; i++) burst.push(decisionOf(await act(a1, 'c-burst', `burst-${i}`, `crm://archive/${i}`)));
  subagentAfter = await act(a2, 'c-sub', 'sub-1', 'crm://customers/1');
  await w.settle();
  // The owner reviews and resumes; the cascade revoked the credentials, so a fresh one.
  await w.submit(alice, 'agent.resumed', { agentId: a1.id, reason: 'reviewed: a batch export' });
  await w.submit(a1, 'credential.request', { credentialId: 'c-after', delegationId: 'd-1', task: { id: 't' }, ttlSeconds: 600 });
  resumedDecision = await act(a1, 'c-after', 'after-1', 'crm://customers/9');
  await w.settle();
  log = [...(await w.runtime.readLog(0, w.runtime.size()))];
  await w.close();
}, 180_000);

test('the ledger suspends the agent right after the decision that crossed, naming the anomaly', () => {
  const crossing = burst[249]!;
  expect(burst.slice(0, 250).every((d) => d.type === 'action.authorized')).toBe(true);
  const suspension = log[crossing.position + 1]!;
  expect(suspension).toMatchObject({ type: 'agent.suspended', statement: { actor: w.people.ledger.id, body: { agentId: w.agents.a1.id } } });
  expect((suspension.statement.body as { anomaly: unknown }).anomaly).toEqual({
    rule: 'rate.spike', severity: 'high', value: 250, baseline: 5, threshold: 250, positions: [burst[0]!.position, crossing.position],
  });
  // Only the suspending rule suspended: the flagged ones (hours.unusual, credential.new_rate, ...) did not.
  expect(log.filter((e) => e.type === 'agent.suspended')).toHaveLength(1);
});

test('no decision is allowed on stale state: the next one is denied agent.suspended, and so is the subagent', () => {
  expect(burst[250]).toMatchObject({ type: 'action.denied', reason: 'agent.suspended' });
  expect(burst.slice(250).every((d) => d.type === 'action.denied' && d.reason === 'agent.suspended')).toBe(true);
  expect(decisionOf(subagentAfter!)).toMatchObject({ type: 'action.denied', reason: 'agent.suspended' });
});

test('the cascade is recorded: the subagent’s delegation and every credential, naming the suspension', () => {
  const suspension = log.find((e) => e.type === 'agent.suspended')!;
  const revoked = log.filter((e) => (e.statement.body as { cause?: { position?: number } }).cause?.position === suspension.position);
  const ids = revoked.map((e) => (e.statement.body as { delegationId?: string; credentialId?: string }).delegationId ?? (e.statement.body as { credentialId: string }).credentialId);
  expect(ids).toEqual(expect.arrayContaining(['d-2', 'c-burst', 'c-sub']));
  expect(revoked.every((e) => e.statement.actor === w.people.ledger.id)).toBe(true);
});

test('the owner’s resume restores the agent', () => {
  expect(log.some((e) => e.type === 'agent.resumed' && e.statement.actor === w.people.alice.id)).toBe(true);
  expect(resumedDecision?.type).toBe('action.authorized');
});

test('writ verify re-derives the automatic suspension from the log', () => {
  const run = writ('verify', '--store', dir, '--json', '--key', verifierKey);
  expect(run.json<Report>()).toMatchObject({ ok: true, findings: [] });
  expect(run.code).toBe(0);
});

test('a ledger suspension with a made-up anomaly is a finding at its position', () => {
  const copy = copyLedger(dir);
  const agentId = w.agents.a1.id;
  const forged = {
    v: 1 as const, ledgerId: w.f.ledgerId, type: 'agent.suspended', actor: ledger.id, nonce: randomUUID(), issuedAt: new Date().toISOString(),
    body: { agentId, reason: 'anomaly', anomaly: { rule: 'rate.spike', severity: 'high', value: 5000, baseline: 5, threshold: 250, positions: [3, 4] } },
  };
  const position = forgeAppend(copy, ledger, forged, 'agent.suspended', `agent-${agentId}`);
  const run = writ('verify', '--store', copy, '--json', '--key', verifierKey);
  expect(run.code).toBe(1);
  expect(run.json<Report>().findings).toEqual([expect.objectContaining({ position, code: 'containment.unjustified' })]);
});
