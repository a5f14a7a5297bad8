// The runtime with every signature checked on a worker thread: verdicts, refusals,
// replays and the order statements are decided in are those of the in-thread path.
import { join } from 'node:path';
import { LedgerRuntime } from '../../src/application/ledger/ledger-runtime';
import { seedSigner } from '../../src/application/ledger/ledger-signer';
import { monotonicClock } from '../../src/application/ledger/ledger-clock';
import { statementSignatures } from '../../src/application/ledger/statement-signatures';
import { SqliteEventStore } from '../../src/storage/sqlite/sqlite-event-store';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { actor, StatementFactory, tempDir } from '../support/ledger-fixtures';

installNodeSha256();

const ledgerId = 'ledger-sig-pool';
const ledgerActor = actor('ledger');
const admin = actor('admin');
const f = new StatementFactory(ledgerId);

describe('the runtime with signatures on worker threads', () => {
  let runtime: LedgerRuntime;

  beforeAll(async () => {
    runtime = await LedgerRuntime.create(
      {
        store: new SqliteEventStore(join(tempDir(), 'writ.db'), { durability: 'normal' }),
        signer: seedSigner(ledgerActor.keys.seed),
        clock: monotonicClock(),
        originHost: 'writ.test',
        // Never inline: every check goes through a worker.
        signatures: statementSignatures(1, { inlineWhenIdle: false, chunk: 2 }),
      },
      f.statement(ledgerActor, 'ledger.genesis', {
        publicKey: ledgerActor.publicKey,
        admins: [{ principalId: admin.id, kind: 'human', name: 'First Admin', publicKey: admin.publicKey }],
      }),
    );
  });
  afterAll(() => runtime.close());

  it('decides a batch in submission order although its checks finish out of order', async () => {
    const humans = Array.from({ length: 6 }, () => actor('human'));
    // Each human is registered and then, in the same batch, provisions an agent: that
    // statement's actor is unknown at submission (no check) and must wait its turn.
    const batch = humans.flatMap((h) => {
      const agent = actor('agent');
      return [
        f.signed(admin, 'principal.registered', { principalId: h.id, kind: 'human', name: 'H', publicKey: h.publicKey }),
        f.signed(h, 'agent.provisioned', { agentId: agent.id, ownerId: h.id, publicKey: agent.publicKey, purpose: 'p', model: { name: 'm', version: '1' } }),
      ];
    });
    const results = await runtime.submitBatch(batch);
    expect(results.map((r) => (r.ok ? 'ok' : r.problems[0].code))).toEqual(batch.map(() => 'ok'));
    const positions = results.map((r) => (r.ok ? r.receipt.leafIndex : -1));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('refuses a bad signature and records the rest of its batch', async () => {
    const good = () => {
      const h = actor('human');
      return f.signed(admin, 'principal.registered', { principalId: h.id, kind: 'human', name: 'H', publicKey: h.publicKey });
    };
    const forged = good();
    const other = good();
    const bad = { statement: forged.statement, signature: other.signature };
    const sizeBefore = runtime.size();
    const results = await runtime.submitBatch([good(), bad, good()]);
    expect(results.map((r) => (r.ok ? 'ok' : r.problems[0].code))).toEqual(['ok', 'statement.bad_signature', 'ok']);
    expect(runtime.size()).toBe(sizeBefore + 2);
  });

  it('answers a replayed statement with the original receipt', async () => {
    const h = actor('human');
    const signed = f.signed(admin, 'principal.registered', { principalId: h.id, kind: 'human', name: 'H', publicKey: h.publicKey });
    const first = await runtime.submit(signed);
    const again = await runtime.submit(signed);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.replayed).toBe(true);
    expect(again.receipt.envelopeHash).toBe(first.receipt.envelopeHash);
    expect(again.receipt.leafIndex).toBe(first.receipt.leafIndex);
  });

  it('answers everything still being checked before it closes', async () => {
    const other = await LedgerRuntime.create(
      {
        store: new SqliteEventStore(join(tempDir(), 'writ.db'), { durability: 'normal' }),
        signer: seedSigner(ledgerActor.keys.seed),
        clock: monotonicClock(),
        originHost: 'writ.test',
        signatures: statementSignatures(1, { inlineWhenIdle: false }),
      },
      f.statement(ledgerActor, 'ledger.genesis', {
        publicKey: ledgerActor.publicKey,
        admins: [{ principalId: admin.id, kind: 'human', name: 'First Admin', publicKey: admin.publicKey }],
      }),
    );
    const burst = Array.from({ length: 20 }, () => {
      const h = actor('human');
      return other.submit(f.signed(admin, 'principal.registered', { principalId: h.id, kind: 'human', name: 'H', publicKey: h.publicKey }));
    });
    await other.close();
    const results = await Promise.all(burst);
    expect(results.map((r) => (r.ok ? 'ok' : r.problems[0].code))).toEqual(burst.map(() => 'ok'));
  });
});
