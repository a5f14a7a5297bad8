// An in-process ledger (the real runtime over a real SQLite file) with the procurement
// cast: an admin, Hana (a human with an erp://po/** entitlement), her procurement agent
// and its vendor-lookup subagent. Statements are really signed; nothing is shortcut.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { LedgerRuntime } from '../../../src/application/ledger/ledger-runtime';
import type { RuntimeObserver } from '../../../src/application/ledger/runtime-options';
import { memoryKeyStore, seedSigner } from '../../../src/application/ledger/ledger-signer';
import { monotonicClock } from '../../../src/application/ledger/ledger-clock';
import type { Receipt, SubmitResult } from '../../../src/application/ledger/ledger.port';
import type { AuthorizeAnswer } from '../../../src/application/decisions/decision-answer';
import type { EventStore } from '../../../src/storage/event-store.port';
import { SqliteEventStore } from '../../../src/storage/sqlite/sqlite-event-store';
import { actor, inDays, StatementFactory, tempDir, type TestActor } from '../../support/ledger-fixtures';

export const ORDERS = { resource: 'erp://po/orders/**', actions: ['create'], conditions: { maxAmount: 50_000, approvalAbove: 10_000, rate: { max: 20, perSeconds: 3600 } } };
export const VENDORS = { resource: 'erp://po/vendors/**', actions: ['read'], conditions: { maxAmount: 50_000 } };
export const LOOKUPS = { resource: 'erp://po/vendors/**', actions: ['read'], conditions: { maxAmount: 0 } };

export interface WorldOptions {
  readonly observer?: RuntimeObserver;
  readonly wrapStore?: (store: EventStore) => EventStore;
}

export class RuntimeWorld {
  readonly ledger = actor('ledger');
  readonly admin = actor('admin');
  readonly hana = actor('hana');
  readonly agent = actor('agent');
  readonly sub = actor('sub');
  readonly f: StatementFactory;
  private seq = 0;

  private constructor(readonly runtime: LedgerRuntime, readonly ledgerId: string, f: StatementFactory, actors: Record<string, TestActor>, private readonly dir: string) {
    this.f = f;
    Object.assign(this, actors);
  }

  static async create(options: WorldOptions = {}): Promise<RuntimeWorld> {
    const ledgerId = `ledger-${Math.random().toString(36).slice(2)}`;
    const f = new StatementFactory(ledgerId);
    const cast = { ledger: actor('ledger'), admin: actor('admin'), hana: actor('hana'), agent: actor('agent'), sub: actor('sub') };
    const dir = tempDir('writ-authz-');
    const raw = new SqliteEventStore(join(dir, 'writ.db'), { durability: 'normal' });
    const runtime = await LedgerRuntime.create(
      {
        store: options.wrapStore ? options.wrapStore(raw) : raw,
        signer: seedSigner(cast.ledger.keys.seed),
        keys: memoryKeyStore(cast.ledger.keys.seed),
        clock: monotonicClock(),
        originHost: 'writ.test',
        ...(options.observer ? { observer: options.observer } : {}),
      },
      f.statement(cast.ledger, 'ledger.genesis', {
        publicKey: cast.ledger.publicKey,
        admins: [{ principalId: cast.admin.id, kind: 'human', name: 'Admin', publicKey: cast.admin.publicKey }],
      }),
    );
    return new RuntimeWorld(runtime, ledgerId, f, cast, dir);
  }

  async close(): Promise<void> {
    await this.runtime.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async must(by: TestActor, type: string, body: object): Promise<Receipt> {
    const r: SubmitResult = await this.runtime.submit(this.f.signed(by, type, body));
    if (!r.ok) throw new Error(`${type} refused: ${JSON.stringify(r.problems)}`);
    return r.receipt;
  }

  /** Hana, her entitlement, the agent (orders and vendors) and the subagent (lookups). */
  async procurement(): Promise<void> {
    const { admin, hana, agent, sub } = this;
    await this.must(admin, 'principal.registered', { principalId: hana.id, kind: 'human', name: 'Hana', publicKey: hana.publicKey });
    await this.must(admin, 'principal.entitlement_granted', { principalId: hana.id, entitlementId: 'e-po', capability: { resource: 'erp://po/**', actions: ['create', 'read'], conditions: { maxAmount: 50_000 } } });
    await this.must(hana, 'agent.provisioned', { agentId: agent.id, ownerId: hana.id, publicKey: agent.publicKey, purpose: 'procurement', model: { name: 'm', version: '1' } });
    await this.must(agent, 'agent.provisioned', { agentId: sub.id, ownerId: hana.id, publicKey: sub.publicKey, purpose: 'vendor lookups', model: { name: 'm', version: '1' }, parentAgentId: agent.id });
    await this.must(hana, 'delegation.granted', { delegationId: 'd-proc', delegateeId: agent.id, entitlementId: 'e-po', capabilities: [ORDERS, VENDORS], notBefore: inDays(-1), notAfter: inDays(30), depth: 1, purpose: 'buy' });
    await this.must(agent, 'delegation.granted', { delegationId: 'd-vendor', delegateeId: sub.id, parentId: 'd-proc', capabilities: [LOOKUPS], notBefore: inDays(-1), notAfter: inDays(29), depth: 0, purpose: 'look up vendors' });
    await this.must(agent, 'credential.request', { credentialId: 'c-orders', delegationId: 'd-proc', task: { id: 'restock' }, ttlSeconds: 3600 });
    await this.must(sub, 'credential.request', { credentialId: 'c-vendor', delegationId: 'd-vendor', task: { id: 'restock' }, ttlSeconds: 3600 });
  }

  order(amount: number, over: object = {}) {
    const n = ++this.seq;
    return this.f.signed(this.agent, 'action.request', { requestId: `po-${n}`, credentialId: 'c-orders', action: 'create', resource: `erp://po/orders/${n}`, amount, taskId: 'restock', ...over });
  }

  lookup() {
    const n = ++this.seq;
    return this.f.signed(this.sub, 'action.request', { requestId: `look-${n}`, credentialId: 'c-vendor', action: 'read', resource: 'erp://po/vendors/acme', taskId: 'restock' });
  }

  async decide(input: ReturnType<RuntimeWorld['order']>): Promise<AuthorizeAnswer> {
    const r = await this.runtime.authorize(input);
    if (!r.ok) throw new Error(`authorize refused: ${JSON.stringify(r.problems)}`);
    return r.answer;
  }
}
