// The whole service, as a user runs it: `node dist/src/main.js` on a fresh data
// directory, driven through the SDK over HTTP. Receipts are checked offline with the
// verifier key the service printed, streams are read back and their chains checked.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { checkChain } from '../../src/integrity/envelope';
import { statements, verifyConsistency, verifyReceipt, type Receipt, type SignedCheckpoint, type WritClient } from '../../src/sdk';
import { nodeHttpFetch } from '../../src/sdk/node';
import { startService, type ServiceProcess } from '../support/service-process';
import {
  clientFor,
  codeOf,
  eventually,
  firstAdmin,
  inDays,
  newActor,
  readStream,
  receiptOf,
  receiptProblem,
  signedBy,
  type Actor,
} from './support/e2e-support';

const capability = { resource: 'erp://po/**', actions: ['create', 'read'], conditions: { maxAmount: 50_000 } };
const model = { name: 'model', version: '1' };

describe('the Writ service end to end, through the SDK', () => {
  let service: ServiceProcess;
  let admin: Actor;
  let client: WritClient;
  let reader: WritClient;
  const human = newActor('human');
  const broker = newActor('broker');
  const agent = newActor('agent');
  const subagent = newActor('subagent');
  const receipts: Receipt[] = [];
  const ctx = (by: Actor, more: { issuedAt?: string; nonce?: string } = {}) => ({ ledgerId: service.ledgerId, actor: by.id, ...more });
  const submit = async (by: Actor, statement: Parameters<typeof signedBy>[1], what: string): Promise<Receipt> => {
    const receipt = receiptOf(await client.submit(signedBy(by, statement)), what);
    receipts.push(receipt);
    return receipt;
  };

  beforeAll(async () => {
    // No periodic checkpoint.recorded: the "changes nothing" test needs a quiet store.
    service = await startService({ env: { WRIT_CHECKPOINT_INTERVAL_MS: '86400000' } });
    admin = firstAdmin(service);
    client = clientFor(service);
    reader = clientFor(service, admin);
  }, 60_000);
  afterAll(() => service?.destroy());

  it('creates a ledger on first start and prints its verifier key', () => {
    expect(service.created).toBe(true);
    expect(service.origin).toBe(`writ.local/${service.ledgerId}`);
  });

  it('records the whole story: principals, roles, entitlement, agents, delegations', async () => {
    await submit(admin, statements.registerPrincipal({ principalId: human.id, kind: 'human', name: 'Alice', publicKey: human.keys.publicKeyBase64Url }, ctx(admin)), 'register human');
    await submit(admin, statements.registerPrincipal({ principalId: broker.id, kind: 'broker', name: 'IdP', publicKey: broker.keys.publicKeyBase64Url }, ctx(admin)), 'register broker');
    await submit(admin, statements.grantRole({ principalId: broker.id, role: 'broker' }, ctx(admin)), 'broker role');
    await submit(admin, statements.grantEntitlement({ principalId: human.id, entitlementId: 'ent-po', capability }, ctx(admin)), 'entitlement');
    await submit(broker, statements.provisionAgent({ agentId: agent.id, ownerId: human.id, publicKey: agent.keys.publicKeyBase64Url, purpose: 'procurement', model }, ctx(broker)), 'provision agent');
    await submit(agent, statements.provisionAgent({ agentId: subagent.id, ownerId: human.id, publicKey: subagent.keys.publicKeyBase64Url, purpose: 'lookups', model, parentAgentId: agent.id }, ctx(agent)), 'provision subagent');
    await submit(human, statements.grantDelegation({ delegationId: 'd-root', delegateeId: agent.id, entitlementId: 'ent-po', capabilities: [capability], notBefore: inDays(-1), notAfter: inDays(30), depth: 1, purpose: 'buy' }, ctx(human)), 'root delegation');
    const child = await submit(agent, statements.grantDelegation({ delegationId: 'd-child', delegateeId: subagent.id, parentId: 'd-root', capabilities: [{ resource: 'erp://po/*', actions: ['read'], conditions: { maxAmount: 100 } }], notBefore: inDays(-1), notAfter: inDays(29), depth: 0, purpose: 'look' }, ctx(agent)), 're-delegation');
    expect(receipts.map((r) => r.leafIndex)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(child).toMatchObject({ stream: 'delegation-d-child', revision: 0, type: 'delegation.granted' });
    // The receipt's envelope is the stored one, and its statement is signed by its actor.
    const stored = await reader.event(child.leafIndex);
    if (!stored.ok || stored.value === null) throw new Error(JSON.stringify(stored));
    const verified = verifyReceipt(child, service.verifierKey, { origin: service.origin, envelope: stored.value.envelope, actorKey: agent.keys.publicKey });
    if (!verified.ok) throw new Error(JSON.stringify(verified.problems));
    expect(verified.value.envelope?.statement.actor).toBe(agent.id);
  });

  it('cascades a revocation: the child delegation is revoked by the ledger, naming the cause', async () => {
    const revoked = await submit(human, statements.revokeDelegation({ delegationId: 'd-root', reason: 'project over' }, ctx(human)), 'revoke');
    const childStream = await eventually(async () => {
      const envelopes = await readStream(reader, 'delegation-d-child');
      return envelopes.length >= 2 ? envelopes : undefined;
    });
    expect(childStream[1]).toMatchObject({ type: 'delegation.revoked', statement: { body: { delegationId: 'd-child', cause: { type: 'delegation.revoked', id: 'd-root', hash: revoked.envelopeHash } } } });
    expect(childStream[1]!.statement.actor).not.toBe(human.id);
    expect(checkChain('delegation-d-child', childStream)).toBeUndefined();
  });

  it('answers a replayed statement with the original receipt', async () => {
    const signed = signedBy(admin, statements.grantRole({ principalId: human.id, role: 'auditor' }, ctx(admin)));
    const first = await client.submit(signed);
    const again = await client.submit(signed);
    expect(first).toMatchObject({ ok: true, replayed: false });
    expect(again).toMatchObject({ ok: true, replayed: true });
    const [a, b] = [receiptOf(first), receiptOf(again)];
    expect({ hash: b.envelopeHash, leaf: b.leafIndex, stream: b.stream, revision: b.revision }).toEqual({ hash: a.envelopeHash, leaf: a.leafIndex, stream: a.stream, revision: a.revision });
    receipts.push(a, b);
  });

  describe('bad input', () => {
    const badInputs = () => {
      const good = signedBy(admin, statements.registerPrincipal({ principalId: 'p-x', kind: 'human', name: 'X', publicKey: subagent.keys.publicKeyBase64Url }, ctx(admin)));
      const otherSignature = signedBy(admin, statements.registerPrincipal({ principalId: 'p-w', kind: 'human', name: 'W', publicKey: subagent.keys.publicKeyBase64Url }, ctx(admin))).signature;
      const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
      return [
        ['non-canonical', { statement: good.statement.replace('{', '{ '), signature: good.signature }, 'statement.not_canonical'],
        ['wrongly signed', { statement: good.statement, signature: otherSignature }, 'statement.bad_signature'],
        ['stale', signedBy(admin, statements.registerPrincipal({ principalId: 'p-y', kind: 'human', name: 'Y', publicKey: subagent.keys.publicKeyBase64Url }, ctx(admin, { issuedAt: anHourAgo }))), 'statement.issued_at_skew'],
        ['unauthorized', signedBy(human, statements.registerPrincipal({ principalId: 'p-z', kind: 'human', name: 'Z', publicKey: subagent.keys.publicKeyBase64Url }, ctx(human))), 'actor.not_authorized'],
      ] as const;
    };

    it('is refused with its code', async () => {
      for (const [name, input, code] of badInputs()) {
        const result = await client.submit(input, 'registerPrincipal');
        expect([name, codeOf(result)]).toEqual([name, code]);
      }
    });

    it('changes nothing: neither the checkpoint nor the SQLite file and its WAL', async () => {
      const quiet = await quietState();
      for (const [, input] of badInputs()) await client.submit(input, 'registerPrincipal');
      expect(await storeState()).toEqual(quiet);
      // The same probe does see an accepted statement.
      await submit(admin, statements.registerPrincipal({ principalId: `p-${Date.now()}`, kind: 'human', name: 'V', publicKey: subagent.keys.publicKeyBase64Url }, ctx(admin)), 'control');
      const changed = await storeState();
      expect(changed.treeSize).toBe(quiet.treeSize + 1);
      expect(changed.wal === quiet.wal && changed.file === quiet.file).toBe(false);
    });

    /** Waits until the cascades and any other ledger work have settled. */
    async function quietState() {
      let last = await storeState();
      for (let i = 0; i < 50; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const now = await storeState();
        if (JSON.stringify(now) === JSON.stringify(last)) return now;
        last = now;
      }
      throw new Error('the store never settled');
    }

    async function storeState() {
      const cp = await client.checkpoint();
      if (!cp.ok) throw new Error(JSON.stringify(cp.problems));
      // A WAL that was checkpointed is rewritten from its start at the same size: its bytes are compared too.
      const wal = `${service.files.store}-wal`;
      const walSize = statSync(wal, { throwIfNoEntry: false })?.size ?? 0;
      return { treeSize: cp.value.treeSize, rootHash: cp.value.rootHash, file: digest(service.files.store), walSize, wal: walSize > 0 ? digest(wal) : '' };
    }
  });

  it('keeps unbroken chains when 20 clients append to the same few streams at once', async () => {
    // Five contended streams: three humans' (fresh entitlements, by the admin) and two
    // agents' (reviews, by their owner); every statement is acceptable in any order.
    const targets = [newActor('target'), newActor('target'), newActor('target')];
    for (const t of targets) {
      receiptOf(await client.submit(signedBy(admin, statements.registerPrincipal({ principalId: t.id, kind: 'human', name: 'T', publicKey: t.keys.publicKeyBase64Url }, ctx(admin)))));
    }
    const before = await checkpoint(client);
    // Half of them over nodeHttpFetch (writ/sdk/node), the transport the benchmark uses.
    const keepAlive = nodeHttpFetch({ maxSockets: 10 });
    const clients = Array.from({ length: 20 }, (_, i) => clientFor(service, undefined, i % 2 === 1 ? keepAlive : undefined));
    const perClient = 8;
    const results = await Promise.all(
      clients.map(async (c, i) => {
        const mine: Receipt[] = [];
        for (let k = 0; k < perClient; k++) {
          const slot = (i + k) % 5;
          const signed = slot < 3
            ? signedBy(admin, statements.grantEntitlement({ principalId: targets[slot]!.id, entitlementId: `ent-${i}-${k}`, capability: { resource: `crm://c${i}/**`, actions: ['read'] } }, ctx(admin)))
            : signedBy(human, statements.reviewAgent({ agentId: slot === 3 ? agent.id : subagent.id, reason: `review ${i}-${k}` }, ctx(human)));
          const result = await c.submit(signed);
          mine.push(receiptOf(result, `client ${i} #${k}`));
        }
        return mine;
      }),
    );
    const burst = results.flat();
    expect(burst).toHaveLength(20 * perClient);
    receipts.push(...burst);
    const after = await checkpoint(client);

    for (const stream of new Set(burst.map((r) => r.stream))) {
      const envelopes = await readStream(reader, stream);
      expect([stream, checkChain(stream, envelopes)]).toEqual([stream, undefined]);
      for (const r of burst.filter((b) => b.stream === stream)) expect(envelopes[r.revision]?.hash).toBe(r.envelopeHash);
    }
    const proof = await client.consistencyProof(before.treeSize, after.treeSize);
    if (!proof.ok) throw new Error(JSON.stringify(proof.problems));
    const consistent = verifyConsistency(before.note, after.note, proof.value, service.verifierKey, { origin: service.origin });
    expect(consistent.ok).toBe(true);
    expect(after.treeSize - before.treeSize).toBeGreaterThanOrEqual(burst.length);
  });

  it('gives receipts that all verify offline with the printed verifier key', () => {
    expect(receipts.length).toBeGreaterThan(170);
    expect(receipts.map((r) => receiptProblem(service, r)).filter((p) => p !== undefined)).toEqual([]);
  });
});

async function checkpoint(client: WritClient): Promise<SignedCheckpoint> {
  const cp = await client.checkpoint();
  if (!cp.ok) throw new Error(JSON.stringify(cp.problems));
  return cp.value;
}

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
