// Group commit. Statements queue up while a batch is being written; each batch is
// decided in order against the state at the head (which includes the batch's earlier
// statements), sealed, appended in ONE durable transaction with an exact expected
// revision per stream, and covered by ONE signed checkpoint. Only then are callers
// answered: an acknowledged statement is on disk and in the Merkle log.
import { decide, recordedFromEnvelope, signerKeyFor, type RecordedEvent } from '../../domain';
import { problem, type Problem } from '../../errors/problem';
import { streamRevision } from '../../integrity/brands';
import { nodeVerifier } from '../../integrity/ed25519/node-verifier';
import { GENESIS_PREV_HASH, type Envelope } from '../../integrity/envelope';
import { verifyStatementSignature, type Statement } from '../../integrity/statement';
import type { AppendRequest, AppendResult, EventStore } from '../../storage/event-store.port';
import type { LedgerClock } from './ledger-clock';
import { recordedFromStored } from './ledger-events';
import type { LedgerMemory } from './ledger-memory';
import type { SignedCheckpoint, SubmitResult } from './ledger.port';
import { refusal, type Pending } from './pending';
import { publicKeyOf } from './principal-keys';
import { sealWithStatementText } from './seal-statement-envelope';
import { inAsyncSpan, inSpan, linksTo, withTrace } from '../tracing/spans';

export interface CommitHooks {
  /** Answers a statement whose (actor, nonce) is already in the store. */
  replay(pending: Pending, checkpoint: SignedCheckpoint): Promise<SubmitResult>;
  receipt(recorded: RecordedEvent, envelope: Envelope, checkpoint: SignedCheckpoint): SubmitResult;
  committed(events: readonly RecordedEvent[], batchSize: number, latencies: readonly number[]): void;
  refused(code: string): void;
  /** The store failed a read or an append (once per failure, however many statements it refused). */
  storeFailed(code: string): void;
  /**
   * What the running ledger checks beyond the domain rules, once they allowed the
   * statement (a ledger key rotation needs the new key's seed at hand): a problem refuses it.
   */
  vet(statement: Statement): Problem | undefined;
  /**
   * Containment (issue 21): after a decision is folded in, the ledger's own signed
   * `agent.suspended` for an anomaly that decision made fire, if the policy in force
   * suspends for it. It is decided right after the decision, in the same batch and
   * transaction, so no later statement is decided on the state before it.
   */
  contain(recorded: RecordedEvent): Pending | undefined;
}

interface Accepted {
  readonly pending: Pending;
  readonly envelope: Envelope;
  /** The canonical stored form, produced with the hash (one canonicalization). */
  readonly text: string;
  readonly recorded: RecordedEvent;
}

export class Committer {
  private readonly queue: Pending[] = [];
  private draining = false;
  /** A catch-up was asked for while a drain was running. */
  private catchUpWanted = false;
  /** Other writers' events that landed between this batch's in the global log. */
  private readonly interleaved: RecordedEvent[] = [];
  private lastBatchSize = 0;

  constructor(
    private readonly memory: LedgerMemory,
    private readonly store: EventStore,
    private readonly clock: LedgerClock,
    private readonly hooks: CommitHooks,
    private readonly maxBatch = 512,
  ) {}

  enqueue(pending: Pending): void {
    this.queue.push(pending);
    if (!this.draining) {
      this.draining = true;
      // Let statements that arrive in the same turn of the event loop share the batch.
      setImmediate(() => void this.drain());
    }
  }

  /**
   * Folds in what other writers committed without waiting for a statement of ours: an
   * empty batch runs the same catch-up every batch starts with, in the same queue, so
   * it never races a commit.
   */
  catchUpNow(): void {
    if (this.draining) {
      this.catchUpWanted = true;
      return;
    }
    this.draining = true;
    setImmediate(() => void this.drain(true));
  }

  /**
   * Nothing is queued and the last batch held at most one statement: statements come
   * one at a time (a lone client), not in bursts that group commit gathers.
   */
  get quiet(): boolean {
    return this.queue.length === 0 && this.lastBatchSize <= 1;
  }

  /** Resolves once everything queued so far has been answered. */
  async idle(): Promise<void> {
    while (this.draining || this.queue.length > 0) await new Promise((r) => setImmediate(r));
  }

  private async drain(catchUpFirst = false): Promise<void> {
    try {
      if (catchUpFirst) await this.commit([]);
      while (this.queue.length > 0) await this.commit(this.queue.splice(0, this.maxBatch));
    } finally {
      this.draining = false;
      if (this.catchUpWanted) {
        this.catchUpWanted = false;
        this.catchUpNow();
      }
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    if (batch.length > 0) this.lastBatchSize = batch.length;
    // Another writer on the same store (a second service replica on EventStoreDB) may
    // have committed since memory last looked: fold those events in before deciding, so
    // a decision here sees everything committed before its batch began.
    // They are announced like this writer's own commits (read models, key ring, cascades,
    // whose nonces are deterministic, so a cascade both replicas start is recorded once).
    const foreign: RecordedEvent[] = [];
    try {
      await this.memory.catchUp(this.store, (recorded) => foreign.push(recorded));
    } catch (error) {
      this.hooks.storeFailed('store.unavailable');
      for (const pending of batch) this.refuse(pending, problem('store.unavailable', `the store could not be read: ${(error as Error).message}`));
      return;
    }
    if (foreign.length > 0) this.hooks.committed(foreign, 0, []);
    const replays: Pending[] = [];
    const accepted: Accepted[] = [];
    for (const pending of batch) {
      const st = pending.parsed.statement;
      if (pending.verifiedWith === undefined || this.memory.view.nonceSeen(st.actor, st.nonce) !== undefined) {
        replays.push(pending);
        continue;
      }
      const sealed = this.decideAndSeal(pending);
      if (sealed === undefined) continue;
      accepted.push(sealed);
      const suspension = this.hooks.contain(sealed.recorded);
      const contained = suspension === undefined ? undefined : this.decideAndSeal(suspension);
      if (contained !== undefined) accepted.push(contained);
    }
    const committed = await this.append(accepted);
    const interleaved = this.interleaved.splice(0);
    // A batch's shared work (commit, checkpoint, read models) is traced under its first
    // request; the commit span links the others.
    const trace = committed[0]?.pending.trace;
    const checkpoint = committed.length > 0 ? inSpan('writ.checkpoint.sign', trace, () => this.memory.log.checkpoint()) : this.memory.log.checkpoint();
    for (const a of committed) a.pending.settle(this.hooks.receipt(a.recorded, a.envelope, checkpoint));
    for (const pending of replays) pending.settle(await this.hooks.replay(pending, checkpoint));
    if (committed.length > 0) {
      const now = Date.now();
      const events = [...interleaved, ...committed.map((a) => a.recorded)].sort((x, y) => x.position - y.position);
      withTrace(trace, () => this.hooks.committed(events, committed.length, committed.map((a) => (now - a.pending.receivedAt) / 1000)));
    }
  }

  /** Decides one statement at the head and folds it into memory (not yet durable). */
  private decideAndSeal(pending: Pending): Accepted | undefined {
    return inSpan('writ.decide', pending.trace, () => this.decideAndSealNow(pending), { 'writ.statement.type': pending.parsed.statement.type });
  }

  private decideAndSealNow(pending: Pending): Accepted | undefined {
    const { statement } = pending.parsed;
    const view = this.memory.view;
    if (!this.signatureStillValid(pending)) {
      return this.refuse(pending, problem('statement.bad_signature', 'the signature does not verify under the actor’s current key', 'signature'));
    }
    const recordedAt = this.clock.next();
    const decided = decide(view, { statement, recordedAt, verifier: nodeVerifier });
    if (!decided.ok) return this.refuse(pending, ...decided.problems);
    const vetoed = this.hooks.vet(statement);
    if (vetoed !== undefined) return this.refuse(pending, vetoed);
    const tip = this.memory.tips.get(decided.value.stream);
    const { envelope, text } = sealWithStatementText({
      v: 1,
      stream: decided.value.stream,
      revision: streamRevision(tip === undefined ? 0 : tip.revision + 1),
      prevHash: tip?.hash ?? GENESIS_PREV_HASH,
      recordedAt,
      type: decided.value.type,
      statement,
      signature: pending.signature,
      ...(decided.value.result === undefined ? {} : { result: decided.value.result }),
    }, pending.parsed.text);
    const recorded = recordedFromEnvelope(envelope, this.memory.size);
    this.memory.apply(recorded, envelope.revision);
    return { pending, envelope, text, recorded };
  }

  /** An earlier statement in the same batch may have rotated the actor's key. */
  private signatureStillValid(pending: Pending): boolean {
    const { statement, text } = pending.parsed;
    const current = signerKeyFor(this.memory.view, statement);
    if (current === pending.verifiedWith) return true;
    // Still unknown: decide refuses it and says why (an unknown actor).
    if (current === undefined) return pending.verifiedWith === null;
    const key = publicKeyOf(this.memory.view, statement, current);
    return key !== undefined && verifyStatementSignature(nodeVerifier, key, text, pending.signature);
  }

  private refuse(pending: Pending, ...problems: [Problem, ...Problem[]]): undefined {
    this.hooks.refused(problems[0].code);
    pending.settle(refusal(...problems));
    return undefined;
  }

  /**
   * One transaction for the whole batch. In a single-writer deployment every request
   * appends; anything else means another writer moved a stream, so memory is rebuilt
   * from the store and the statements that did not land are decided again.
   */
  private async append(accepted: Accepted[]): Promise<Accepted[]> {
    if (accepted.length === 0) return [];
    const requests: AppendRequest[] = accepted.map(({ envelope, text, pending }) => ({
      stream: envelope.stream,
      expectedRevision: envelope.revision === 0 ? 'no_stream' : streamRevision(envelope.revision - 1),
      events: [{ type: envelope.type, actor: pending.parsed.statement.actor, nonce: pending.parsed.statement.nonce, hash: envelope.hash, data: text }],
    }));
    let results: readonly AppendResult[];
    try {
      // The durable write: one transaction (and its fsync) for the whole batch.
      results = await inAsyncSpan('writ.commit', accepted[0]!.pending.trace, () => this.store.appendBatch(requests), { 'writ.batch.size': requests.length }, linksTo(accepted.slice(1).map((a) => a.pending.trace)));
    } catch (error) {
      await this.rebuild();
      const code = (error as { code?: string }).code === 'store.too_large' ? 'store.too_large' : 'store.unavailable';
      this.hooks.storeFailed(code);
      for (const a of accepted) this.refuse(a.pending, problem(code, `the store refused the batch: ${(error as Error).message}`));
      return [];
    }
    if (results.every((r) => r.status === 'appended')) {
      const positions = results.map((r) => (r.status === 'appended' ? r.events[0]?.position : undefined));
      if (accepted.every((a, i) => positions[i] === a.recorded.position)) {
        for (const a of accepted) this.memory.logged(a.envelope.hash);
        return accepted;
      }
      // Another writer's events came between this batch's in the global log: the store
      // decides the leaf order, so memory is rebuilt from it and receipts use its positions.
      const from = this.memory.size - accepted.length;
      await this.rebuild();
      const ours = new Set(accepted.map((a) => a.envelope.hash));
      const between = await this.store.readAll(from, this.memory.size - from);
      this.interleaved.push(...between.filter((s) => !ours.has(s.hash)).map((s) => recordedFromStored(s).recorded));
      return accepted.map((a, i) => ({ ...a, recorded: recordedFromEnvelope(a.envelope, positions[i] ?? a.recorded.position) }));
    }
    // Those that did land are now in the store: deciding them again finds their
    // (actor, nonce) and answers with the original receipt.
    await this.rebuild();
    this.queue.unshift(...accepted.map((a) => a.pending));
    return [];
  }

  private async rebuild(): Promise<void> {
    this.memory.reset();
    await this.memory.catchUp(this.store);
  }
}
