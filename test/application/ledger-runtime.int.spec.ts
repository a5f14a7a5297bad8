import { join } from 'node:path';
import { readFileSync, statSync } from 'node:fs';
import { LedgerRuntime } from '../../src/application/ledger/ledger-runtime';
import { seedSigner } from '../../src/application/ledger/ledger-signer';
import { monotonicClock } from '../../src/application/ledger/ledger-clock';
import type { Receipt, SubmitResult } from '../../src/application/ledger/ledger.port';
import { SqliteEventStore } from '../../src/storage/sqlite/sqlite-event-store';
import { hexToBytes } from '../../src/integrity/bytes';
import { openCheckpoint, parseVerifierKey } from '../../src/integrity/checkpoint';
import { leafHash, verifyInclusion } from '../../src/integrity/merkle';
import { leafIndex, treeSize } from '../../src/integrity/brands';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { actor, inDays, StatementFactory, tempDir, type TestActor } from '../support/ledger-fixtures';

installNodeSha256();

const ledgerId = 'ledger-test-1';
const ledgerActor = actor('ledger');
const admin = actor('admin');
const human = actor('human');
const agent = actor('agent');
const sub = actor('sub');
const f = new StatementFactory(ledgerId);

function open(path: string, create: boolean): Promise<LedgerRuntime> {
  const options = {
    store: new SqliteEventStore(path),
    signer: seedSigner(ledgerActor.keys.seed),
    clock: monotonicClock(),
    originHost: 'writ.test',
  };
  if (!create) return LedgerRuntime.open(options);
  return LedgerRuntime.create(options, f.statement(ledgerActor, 'ledger.genesis', {
    publicKey: ledgerActor.publicKey,
    admins: [{ principalId: admin.id, kind: 'human', name: 'First Admin', publicKey: admin.publicKey }],
  }));
}

function receipt(r: SubmitResult): Receipt {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.problems)}`);
  return r.receipt;
}

function verifies(runtime: LedgerRuntime, r: Receipt): boolean {
  const vkey = parseVerifierKey(runtime.verifierKey);
  if (!vkey.ok) return false;
  const cp = openCheckpoint(r.checkpoint, [vkey.value], { expectedOrigin: runtime.origin });
  if (!cp.ok) return false;
  const proof = r.inclusionProof.map(hexToBytes);
  return verifyInclusion(leafIndex(r.leafIndex), treeSize(cp.value.checkpoint.size), leafHash(hexToBytes(r.envelopeHash)), proof, cp.value.checkpoint.rootHash).ok;
}

async function story(runtime: LedgerRuntime, by: TestActor, type: string, body: object): Promise<Receipt> {
  return receipt(await runtime.submit(f.signed(by, type, body)));
}

describe('the ledger runtime over a real SQLite file', () => {
  const dir = tempDir();
  const path = join(dir, 'writ.db');
  let runtime: LedgerRuntime;

  beforeAll(async () => {
    runtime = await open(path, true);
  });
  afterAll(() => runtime.close());

  it('creates the ledger with its genesis and signs checkpoints with the ledger key', () => {
    expect(runtime.size()).toBe(1);
    expect(runtime.latestCheckpoint().note).toContain(`writ.test/${ledgerId}\n1\n`);
  });

  it('records a whole delegation story with receipts that verify offline', async () => {
    const receipts = [
      await story(runtime, admin, 'principal.registered', { principalId: human.id, kind: 'human', name: 'Alice', publicKey: human.publicKey }),
      await story(runtime, admin, 'principal.entitlement_granted', { principalId: human.id, entitlementId: 'ent-1', capability: { resource: 'erp://po/**', actions: ['create', 'read'], conditions: { maxAmount: 50000 } } }),
      await story(runtime, human, 'agent.provisioned', { agentId: agent.id, ownerId: human.id, publicKey: agent.publicKey, purpose: 'procurement', model: { name: 'm', version: '1' } }),
      await story(runtime, human, 'agent.provisioned', { agentId: sub.id, ownerId: human.id, publicKey: sub.publicKey, purpose: 'lookups', model: { name: 'm', version: '1' }, parentAgentId: agent.id }),
      await story(runtime, human, 'delegation.granted', { delegationId: 'd-root', delegateeId: agent.id, entitlementId: 'ent-1', capabilities: [{ resource: 'erp://po/**', actions: ['create', 'read'], conditions: { maxAmount: 50000 } }], notBefore: inDays(-1), notAfter: inDays(30), depth: 1, purpose: 'buy' }),
      await story(runtime, agent, 'delegation.granted', { delegationId: 'd-child', delegateeId: sub.id, parentId: 'd-root', capabilities: [{ resource: 'erp://po/*', actions: ['read'], conditions: { maxAmount: 100 } }], notBefore: inDays(-1), notAfter: inDays(29), depth: 0, purpose: 'look' }),
    ];
    expect(receipts.map((r) => r.leafIndex)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const r of receipts) expect(verifies(runtime, r)).toBe(true);
  });

  it('cascades a revocation to the descendants, naming the cause', async () => {
    const revoked = await story(runtime, human, 'delegation.revoked', { delegationId: 'd-root', reason: 'done' });
    await waitFor(() => runtime.view.delegation('d-child')?.status === 'revoked');
    const cascadeEvents = await runtime.readStream('delegation-d-child', 0, 10);
    const cascaded = JSON.parse(cascadeEvents[1]!.envelope);
    expect(cascaded.statement.actor).toBe(runtime.ledgerPrincipalId);
    expect(cascaded.statement.body.cause).toMatchObject({ type: 'delegation.revoked', id: 'd-root', hash: revoked.envelopeHash });
  });

  it('returns the original receipt for a replayed statement, and refuses a reused nonce', async () => {
    const signed = f.signed(admin, 'principal.role_granted', { principalId: human.id, role: 'auditor' }, 'nonce-replayed-1');
    const first = receipt(await runtime.submit(signed));
    const size = runtime.size();
    const again = await runtime.submit(signed);
    expect(again).toMatchObject({ ok: true, replayed: true, receipt: { envelopeHash: first.envelopeHash, leafIndex: first.leafIndex } });
    const reused = await runtime.submit(f.signed(admin, 'principal.role_granted', { principalId: human.id, role: 'broker' }, 'nonce-replayed-1'));
    expect(reused.ok ? undefined : reused.problems[0].code).toBe('statement.replayed');
    expect(runtime.size()).toBe(size);
  });

  it('refuses bad input with a code and path and leaves the store file unchanged', async () => {
    await runtime.idle();
    const before = { size: runtime.size(), bytes: readFileSync(path).length, wal: statSync(`${path}-wal`).size };
    const good = f.signed(admin, 'principal.registered', { principalId: 'p-x', kind: 'human', name: 'X', publicKey: sub.publicKey });
    const cases: [string, { statement: string; signature: string }, string][] = [
      ['wrong signature', { ...good, signature: f.signed(human, 'principal.registered', {}).signature }, 'statement.bad_signature'],
      ['not canonical', { ...good, statement: good.statement.replace('{', '{ ') }, 'statement.not_canonical'],
      ['stale', f.signed(admin, 'principal.registered', { principalId: 'p-y', kind: 'human', name: 'Y', publicKey: sub.publicKey }), 'statement.issued_at_skew'],
      ['unauthorized', f.signed(human, 'principal.registered', { principalId: 'p-z', kind: 'human', name: 'Z', publicKey: sub.publicKey }), 'actor.not_authorized'],
    ];
    cases[2]![1] = new StatementFactory(ledgerId, () => new Date(Date.now() - 3_600_000)).signed(admin, 'principal.registered', { principalId: 'p-y', kind: 'human', name: 'Y', publicKey: sub.publicKey });
    for (const [name, input, code] of cases) {
      const r = await runtime.submit(input);
      expect([name, r.ok ? 'accepted' : r.problems[0].code]).toEqual([name, code]);
    }
    expect({ size: runtime.size(), bytes: readFileSync(path).length, wal: statSync(`${path}-wal`).size }).toEqual(before);
  });

  it('group-commits concurrent statements into few batches with one checkpoint each', async () => {
    const people = Array.from({ length: 40 }, () => actor('p'));
    const results = await Promise.all(
      people.map((p) => runtime.submit(f.signed(admin, 'principal.registered', { principalId: p.id, kind: 'human', name: 'P', publicKey: p.publicKey }))),
    );
    const checkpoints = new Set(results.map((r) => receipt(r).checkpoint));
    expect(checkpoints.size).toBeLessThan(5);
    for (const r of results) expect(verifies(runtime, receipt(r))).toBe(true);
  });

  it('reopens with the same state and the same Merkle root', async () => {
    await runtime.idle();
    const root = runtime.latestCheckpoint().rootHash;
    const size = runtime.size();
    await runtime.close();
    runtime = await open(path, false);
    expect(runtime.size()).toBe(size);
    expect(runtime.latestCheckpoint().rootHash).toBe(root);
    expect(runtime.view.delegation('d-child')?.status).toBe('revoked');
  });
});

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
