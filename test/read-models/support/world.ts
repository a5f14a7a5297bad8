// A real ledger runtime in-process (SQLite in memory) with read models following it,
// and a small world of principals, agents, delegations, credentials and decisions.
import { LedgerRuntime } from '../../../src/application/ledger/ledger-runtime';
import { seedSigner } from '../../../src/application/ledger/ledger-signer';
import { monotonicClock } from '../../../src/application/ledger/ledger-clock';
import type { Receipt } from '../../../src/application/ledger/ledger.port';
import { runtimeSource } from '../../../src/application/projections/log-sources';
import { ProjectionStore } from '../../../src/application/projections/projection-store';
import { ReadModels } from '../../../src/application/projections/read-models';
import { SqliteEventStore } from '../../../src/storage/sqlite/sqlite-event-store';
import { installNodeSha256 } from '../../../src/integrity/sha256-node';
import { actor, inDays, StatementFactory, type TestActor } from '../../support/ledger-fixtures';

installNodeSha256();

export const cap = (resource: string, actions: string[]) => ({ resource, actions });

export interface World {
  readonly runtime: LedgerRuntime;
  readonly models: ReadModels;
  readonly f: StatementFactory;
  readonly people: Record<'ledger' | 'admin' | 'auditor' | 'alice' | 'bob' | 'broker' | 'carol', TestActor>;
  readonly agents: Record<'a1' | 'a2' | 'b1' | 'c1', TestActor>;
  submit(by: TestActor, type: string, body: object): Promise<Receipt>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `storePath`: the event store file (`:memory:` unless a test must read the file too);
 * `now`: the clock both the ledger and the statements read (a test that simulates days).
 */
export async function openWorld(waitMs = 5000, storePath = ':memory:', now: () => number = Date.now): Promise<World> {
  const ledgerId = `ledger-${Math.random().toString(36).slice(2)}`;
  const f = new StatementFactory(ledgerId, () => new Date(now()));
  const people = { ledger: actor('ledger'), admin: actor('admin'), auditor: actor('auditor'), alice: actor('alice'), bob: actor('bob'), broker: actor('broker'), carol: actor('carol') };
  const agents = { a1: actor('a1'), a2: actor('a2'), b1: actor('b1'), c1: actor('c1') };
  const runtime = await LedgerRuntime.create(
    { store: new SqliteEventStore(storePath), signer: seedSigner(people.ledger.keys.seed), clock: monotonicClock(now), originHost: 'writ.test' },
    f.statement(people.ledger, 'ledger.genesis', {
      publicKey: people.ledger.publicKey,
      admins: [{ principalId: people.admin.id, kind: 'human', name: 'Admin', publicKey: people.admin.publicKey }],
    }),
  );
  const models = new ReadModels(new ProjectionStore(':memory:'), { waitMs });
  await models.follow(runtimeSource(runtime));
  const submit = async (by: TestActor, type: string, body: object): Promise<Receipt> => {
    const r = await runtime.submit(f.signed(by, type, body));
    if (!r.ok) throw new Error(`${type} refused: ${JSON.stringify(r.problems)}`);
    return r.receipt;
  };
  const settle = async () => {
    await runtime.idle();
    await new Promise((r) => setTimeout(r, 20));
    await runtime.idle();
  };
  return { runtime, models, f, people, agents, submit, settle, close: async () => { models.close(); await runtime.close(); } };
}

/**
 * alice (entitlement ent-a on erp://po/**) -> d-root to a1 -> d-child to a2 (a1's subagent);
 * a2 holds cred-1 and makes one allowed and one denied request. bob owns b1 (never used),
 * carol is registered by the broker and owns c1, then is deactivated (c1 orphaned).
 */
export async function seedStory(w: World): Promise<Record<string, Receipt>> {
  const { admin, auditor, alice, bob, broker, carol } = w.people;
  const { a1, a2, b1, c1 } = w.agents;
  const r: Record<string, Receipt> = {};
  const reg = (p: TestActor, kind = 'human') => w.submit(admin, 'principal.registered', { principalId: p.id, kind, name: p.id, publicKey: p.publicKey });
  await reg(auditor);
  await w.submit(admin, 'principal.role_granted', { principalId: auditor.id, role: 'auditor' });
  await reg(alice);
  await reg(bob);
  await reg(broker, 'broker');
  await w.submit(admin, 'principal.role_granted', { principalId: broker.id, role: 'broker' });
  await w.submit(broker, 'principal.registered', { principalId: carol.id, kind: 'human', name: 'carol', publicKey: carol.publicKey });
  await w.submit(admin, 'principal.entitlement_granted', { principalId: alice.id, entitlementId: 'ent-a', capability: cap('erp://po/**', ['create', 'read', 'approve']) });
  await w.submit(alice, 'agent.provisioned', { agentId: a1.id, ownerId: alice.id, publicKey: a1.publicKey, purpose: 'buy', model: { name: 'm', version: '1' } });
  await w.submit(a1, 'agent.provisioned', { agentId: a2.id, ownerId: alice.id, publicKey: a2.publicKey, purpose: 'look', model: { name: 'm', version: '1' }, parentAgentId: a1.id });
  await w.submit(bob, 'agent.provisioned', { agentId: b1.id, ownerId: bob.id, publicKey: b1.publicKey, purpose: 'idle', model: { name: 'm', version: '1' } });
  await w.submit(broker, 'agent.provisioned', { agentId: c1.id, ownerId: carol.id, publicKey: c1.publicKey, purpose: 'c', model: { name: 'm', version: '1' } });
  r['root'] = await w.submit(alice, 'delegation.granted', { delegationId: 'd-root', delegateeId: a1.id, entitlementId: 'ent-a', capabilities: [cap('erp://po/**', ['create', 'read'])], notBefore: inDays(-1), notAfter: inDays(400), depth: 2, purpose: 'buy' });
  r['child'] = await w.submit(a1, 'delegation.granted', { delegationId: 'd-child', delegateeId: a2.id, parentId: 'd-root', capabilities: [cap('erp://po/*', ['read', 'create']), cap('erp://po/archive/**', ['read'])], notBefore: inDays(-1), notAfter: inDays(0.5), depth: 0, purpose: 'look' });
  r['cred'] = await w.submit(a2, 'credential.request', { credentialId: 'cred-1', delegationId: 'd-child', task: { id: 't1' }, ttlSeconds: 300 });
  r['allowed'] = await w.submit(a2, 'action.request', { requestId: 'req-ok', credentialId: 'cred-1', action: 'read', resource: 'erp://po/7', taskId: 't1' });
  r['denied'] = await w.submit(a2, 'action.request', { requestId: 'req-no', credentialId: 'cred-1', action: 'delete', resource: 'erp://po/7', taskId: 't1' });
  r['model'] = await w.submit(alice, 'agent.model_changed', { agentId: a1.id, model: { name: 'm', version: '2' } });
  r['carolGone'] = await w.submit(admin, 'principal.deactivated', { principalId: carol.id });
  await w.settle();
  return r;
}
