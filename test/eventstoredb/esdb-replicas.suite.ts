// Service replicas and failover over the EventStoreDB adapter and the protocol test
// server: the real LedgerRuntime, really signed statements, the real verifier. Run once
// per client library by esdb-replicas.<library>.int.spec.ts (one library per process).
import { randomUUID } from 'node:crypto';
import { LedgerRuntime } from '../../src/application/ledger/ledger-runtime';
import { memoryKeyStore, seedSigner } from '../../src/application/ledger/ledger-signer';
import { monotonicClock } from '../../src/application/ledger/ledger-clock';
import type { AuthorizeAnswer } from '../../src/application/decisions/decision-answer';
import type { Receipt, SubmitResult } from '../../src/application/ledger/ledger.port';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import type { EventStore } from '../../src/storage/event-store.port';
import { CLIENT_PACKAGES, type EsdbClientLibrary } from '../../src/storage/eventstoredb/esdb-client';
import { EsdbEventStore } from '../../src/storage/eventstoredb/esdb-event-store';
import { LogVerifier } from '../../src/verify/log-verifier';
import { actor, inDays, StatementFactory, type TestActor } from '../support/ledger-fixtures';
import { EsdbTestCluster, startTestServer } from './esdb-test-server';

installNodeSha256();

const ORDERS = { resource: 'erp://po/orders/**', actions: ['create'], conditions: { maxAmount: 50_000 } };

interface Cast {
  readonly ledger: TestActor;
  readonly admin: TestActor;
  readonly hana: TestActor;
  readonly agent: TestActor;
}

function runtimeOptions(store: EventStore, cast: Cast) {
  return { store, signer: seedSigner(cast.ledger.keys.seed), keys: memoryKeyStore(cast.ledger.keys.seed), clock: monotonicClock(), originHost: 'writ.test' };
}

async function createLedger(store: EventStore, cast: Cast, f: StatementFactory): Promise<LedgerRuntime> {
  return LedgerRuntime.create(
    runtimeOptions(store, cast),
    f.statement(cast.ledger, 'ledger.genesis', {
      publicKey: cast.ledger.publicKey,
      admins: [{ principalId: cast.admin.id, kind: 'human', name: 'Admin', publicKey: cast.admin.publicKey }],
    }),
  );
}

function receiptOf(r: SubmitResult): Receipt {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.problems)}`);
  return r.receipt;
}

async function answerOf(runtime: LedgerRuntime, input: Parameters<LedgerRuntime['authorize']>[0]): Promise<AuthorizeAnswer> {
  const r = await runtime.authorize(input);
  if (!r.ok) throw new Error(`authorize refused: ${JSON.stringify(r.problems)}`);
  return r.answer;
}

/** The offline verifier over everything a store holds: chains, signatures, replay, Merkle root. */
async function verifyStore(store: EventStore, trustedCheckpoint?: string) {
  const verifier = new LogVerifier(trustedCheckpoint === undefined ? {} : { trustedCheckpoint });
  const events = await store.readAll(0, 1_000_000);
  for (const e of events) await verifier.push({ position: e.position, text: e.data });
  return verifier.finish();
}

/** A read model on a replica: follows the store's global log and folds it into a verifier. */
async function followUntil(store: EventStore, size: number) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  const verifier = new LogVerifier();
  let seen = 0;
  for await (const e of store.subscribeAll(0, controller.signal)) {
    await verifier.push({ position: e.position, text: e.data });
    if (++seen === size) break;
  }
  clearTimeout(timer);
  controller.abort();
  return verifier.finish();
}

/**
 * Two runtimes on one ledger on a fresh test server: A creates it, B opens it (and, with
 * `followStore`, announces what A commits without committing itself).
 */
async function twoReplicas(library: EsdbClientLibrary, options: { readonly followStore?: boolean } = {}) {
  const server = await startTestServer(library);
  const ledgerId = `ledger-${randomUUID()}`;
  const f = new StatementFactory(ledgerId);
  const cast: Cast = { ledger: actor('ledger'), admin: actor('admin'), hana: actor('hana'), agent: actor('agent') };
  const storeA = new EsdbEventStore({ connectionString: server.connectionString, ledgerId, pollIntervalMs: 50 });
  const storeB = new EsdbEventStore({ connectionString: server.connectionString, ledgerId, pollIntervalMs: 50 });
  const a = await createLedger(storeA, cast, f);
  const b = await LedgerRuntime.open({ ...runtimeOptions(storeB, cast), ...(options.followStore ? { followStore: true } : {}) });
  const close = async () => {
    await a.close();
    await b.close();
    await server.stop();
  };
  return { f, cast, storeA, storeB, a, b, close };
}

export function esdbReplicasSuite(library: EsdbClientLibrary): void {
  describe(`two service replicas on one EventStoreDB (protocol test server), over ${CLIENT_PACKAGES[library]}`, () => {
    it('interleave appends, converge to one checkpoint root, and a decision on B sees a revocation committed through A', async () => {
      const { f, cast, storeA, storeB, a, b, close } = await twoReplicas(library);
      // What each replica announces to its read models: every event once, in log order, no gaps.
      const announced = { a: [] as number[], b: [] as number[] };
      a.onEvents((events) => announced.a.push(...events.map((e) => e.position)));
      b.onEvents((events) => announced.b.push(...events.map((e) => e.position)));
      try {
        const { admin, hana, agent } = cast;
        // Each step goes through the other replica than the one before it, and depends on it.
        receiptOf(await a.submit(f.signed(admin, 'principal.registered', { principalId: hana.id, kind: 'human', name: 'Hana', publicKey: hana.publicKey })));
        receiptOf(await b.submit(f.signed(admin, 'principal.entitlement_granted', { principalId: hana.id, entitlementId: 'e-po', capability: { resource: 'erp://po/**', actions: ['create', 'read'], conditions: { maxAmount: 50_000 } } })));
        receiptOf(await a.submit(f.signed(hana, 'agent.provisioned', { agentId: agent.id, ownerId: hana.id, publicKey: agent.publicKey, purpose: 'procurement', model: { name: 'm', version: '1' } })));
        receiptOf(await b.submit(f.signed(hana, 'delegation.granted', { delegationId: 'd-proc', delegateeId: agent.id, entitlementId: 'e-po', capabilities: [ORDERS], notBefore: inDays(-1), notAfter: inDays(30), depth: 0, purpose: 'buy' })));
        receiptOf(await a.submit(f.signed(agent, 'credential.request', { credentialId: 'c-orders', delegationId: 'd-proc', task: { id: 'restock' }, ttlSeconds: 3600 })));

        // Concurrent traffic through both replicas at once.
        const people = Array.from({ length: 12 }, (_, i) => actor(`p${i}`));
        const concurrent = await Promise.all(
          people.map((p, i) => (i % 2 === 0 ? a : b).submit(f.signed(admin, 'principal.registered', { principalId: p.id, kind: 'human', name: `P${i}`, publicKey: p.publicKey }))),
        );
        expect(concurrent.every((r) => r.ok)).toBe(true);

        const order = (n: number) =>
          f.signed(agent, 'action.request', { requestId: `po-${n}`, credentialId: 'c-orders', action: 'create', resource: `erp://po/orders/${n}`, amount: 100, taskId: 'restock' });
        expect((await answerOf(b, order(1))).decision).toBe('allowed');
        const revoked = receiptOf(await a.submit(f.signed(hana, 'delegation.revoked', { delegationId: 'd-proc', reason: 'stop' })));
        await a.idle();
        // B began this decision after A's revocation was committed: B must see it.
        const after = await answerOf(b, order(2));
        expect(after.decision).toBe('denied');
        expect(after.receipt!.leafIndex).toBeGreaterThan(revoked.leafIndex);
        await b.idle();

        // Both stores hold the same log; each replica's follower converges to the same root,
        // which is the root B signed for the same size; the whole log verifies offline.
        const size = await storeB.size();
        expect(await storeA.size()).toBe(size);
        expect(await storeA.readAll(0, size)).toEqual(await storeB.readAll(0, size));
        const checkpoint = b.latestCheckpoint();
        expect(checkpoint.treeSize).toBe(size);
        const [followA, followB] = await Promise.all([followUntil(storeA, size), followUntil(storeB, size)]);
        expect(followA).toMatchObject({ ok: true, size, rootHash: checkpoint.rootHash });
        expect(followB).toMatchObject({ ok: true, size, rootHash: checkpoint.rootHash });
        expect(await verifyStore(storeA, checkpoint.note)).toMatchObject({ ok: true, size, trustedCheckpoint: { contained: true } });
        expect(announced.b).toEqual(Array.from({ length: announced.b.length }, (_, i) => i + 1));
        expect(announced.b.length).toBeGreaterThanOrEqual(checkpoint.treeSize - 1);
        expect(announced.a).toEqual(Array.from({ length: announced.a.length }, (_, i) => i + 1));
      } finally {
        await close();
      }
    });
    it('a replica that follows the store announces the other replica\'s commits live, without committing itself', async () => {
      const { f, cast, a, b, close } = await twoReplicas(library, { followStore: true });
      const seenByB: number[] = [];
      b.onEvents((events) => seenByB.push(...events.map((e) => e.position)));
      try {
        const people = Array.from({ length: 6 }, () => actor('p'));
        const receipts = [];
        for (const p of people) {
          receipts.push(receiptOf(await a.submit(f.signed(cast.admin, 'principal.registered', { principalId: p.id, kind: 'human', name: 'P', publicKey: p.publicKey }))));
        }
        const last = receipts[receipts.length - 1]!.leafIndex;
        const until = Date.now() + 10_000;
        while (!seenByB.includes(last) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        expect(seenByB).toEqual(receipts.map((r) => r.leafIndex));
        expect(b.view.principal(people[5]!.id)?.status).toBe('active');
        expect(b.size()).toBe(a.size());
      } finally {
        await close();
      }
    });
  });

  describe(`failover: three test-server nodes behind gossip, over ${CLIENT_PACKAGES[library]}`, () => {
    it('retries the in-flight append when the leader dies after committing it: nothing duplicated or lost, the log verifies', async () => {
      const cluster = await new EsdbTestCluster(library, 3).start();
      const ledgerId = `ledger-${randomUUID()}`;
      const f = new StatementFactory(ledgerId);
      const cast: Cast = { ledger: actor('ledger'), admin: actor('admin'), hana: actor('hana'), agent: actor('agent') };
      const store = new EsdbEventStore({ connectionString: cluster.connectionString, ledgerId, retryDelayMs: 20 });
      const runtime = await createLedger(store, cast, f);
      let killedAt: { stream: string; records: number } | undefined;
      const leader = cluster.nodes[0]!;
      // The leader commits its 12th append, then dies before answering it.
      leader.dieAfterCommit = (n) => {
        if (n !== 12) return false;
        const last = cluster.log.records.at(-1)!;
        killedAt = { stream: last.stream, records: cluster.log.records.length };
        return true;
      };
      try {
        const people = Array.from({ length: 24 }, (_, i) => actor(`p${i}`));
        const sent = people.map(() => randomUUID());
        const statements = people.map((p, i) => f.signed(cast.admin, 'principal.registered', { principalId: p.id, kind: 'human', name: `P${i}`, publicKey: p.publicKey }, sent[i]));
        const results: SubmitResult[] = [];
        for (let i = 0; i < statements.length; i += 4) results.push(...(await Promise.all(statements.slice(i, i + 4).map((s) => runtime.submit(s)))));
        expect(results.filter((r) => !r.ok)).toEqual([]);
        expect(killedAt).toBeDefined();
        expect(leader.state).toBe('dead');
        expect(cluster.leader).toBe(cluster.nodes[1]);
        expect(cluster.nodes[1]!.appendsSeen).toBeGreaterThan(0);

        // Nothing duplicated or lost: one event per statement, plus the genesis.
        const log = await store.readAll(0, 1000);
        expect(log).toHaveLength(1 + statements.length);
        const nonces = log.map((e) => e.nonce);
        expect(new Set(nonces).size).toBe(nonces.length);
        for (const nonce of sent) expect(nonces).toContain(nonce);
        // The event committed by the dying leader is there once, and its receipt is the original.
        expect(cluster.log.idempotentWrites).toBeGreaterThanOrEqual(1);
        const committed = cluster.log.records.filter((r) => r.stream === killedAt!.stream);
        expect(new Set(committed.map((r) => r.id)).size).toBe(committed.length);

        const checkpoint = runtime.latestCheckpoint();
        expect(checkpoint.treeSize).toBe(log.length);
        expect(await verifyStore(store, checkpoint.note)).toMatchObject({ ok: true, size: log.length, rootHash: checkpoint.rootHash, trustedCheckpoint: { contained: true } });
        // A fresh handle after the failover (another replica starting) sees the same log.
        const fresh = new EsdbEventStore({ connectionString: cluster.connectionString, ledgerId });
        expect(await fresh.readAll(0, 1000)).toEqual(log);
        await fresh.close();
      } finally {
        await runtime.close();
        await cluster.stop();
      }
    });
  });
}
