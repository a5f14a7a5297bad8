// The front of the submit pipeline: a statement is sized, parsed and type-checked, its
// signature checked (maybe on a worker thread), and it is handed to the group committer
// in the order it was submitted. Also how a replay is answered once the committer finds
// its (actor, nonce) already in the store.
import { problem, type Problem } from '../../errors/problem';
import { encodeStatement, parseStatement, type SignedStatement, type Statement } from '../../integrity/statement';
import type { EventStore } from '../../storage/event-store.port';
import { currentTrace, endSpan, startSpan } from '../tracing/spans';
import type { Committer } from './committer';
import { receiptOf, recordedFromStored } from './ledger-events';
import type { LedgerMemory } from './ledger-memory';
import type { SignedCheckpoint, SubmitResult } from './ledger.port';
import { refusal, type Pending } from './pending';
import { verificationKey } from './principal-keys';
import type { RuntimeObserver } from './runtime-options';
import type { StatementSignatures } from './statement-signatures';
import { SubmissionOrder } from './submission-order';

/** Canonical statements are small; 64 KiB bounds the work one signature check may cost. */
export const MAX_STATEMENT_BYTES = 64 * 1024;

export interface StatementIntakeDeps {
  readonly ledgerId: string;
  readonly memory: LedgerMemory;
  readonly store: EventStore;
  readonly committer: Committer;
  readonly signatures: StatementSignatures;
  readonly observer: RuntimeObserver | undefined;
}

export class StatementIntake {
  private readonly order = new SubmissionOrder();

  constructor(private readonly deps: StatementIntakeDeps) {}

  /** Statements whose signature is still being checked, or that wait for an earlier one's. */
  get checking(): number {
    return this.order.length;
  }

  async submit(input: SignedStatement, expectedType?: string): Promise<SubmitResult> {
    const receivedAt = Date.now();
    if (typeof input.statement !== 'string' || input.statement.length > MAX_STATEMENT_BYTES) {
      return this.refuse(problem('statement.too_large', `a statement is at most ${MAX_STATEMENT_BYTES} bytes`, 'statement'));
    }
    const parsed = parseStatement(input.statement, this.deps.ledgerId);
    if (!parsed.ok) return this.refuse(...parsed.problems);
    const st = parsed.value.statement;
    if (expectedType !== undefined && st.type !== expectedType) {
      return this.refuse(problem('statement.wrong_type', `this operation takes ${expectedType}, not ${st.type}`, 'type', { expected: expectedType }));
    }
    const statement = parsed.value;
    const trace = currentTrace();
    return new Promise((settle) => {
      const inTurn = this.order.reserve();
      const verifying = startSpan('writ.verify', trace, { 'writ.statement.type': st.type });
      this.verify(st, statement.text, input.signature, (verifiedWith) => {
        verifying?.setAttribute('writ.signature.valid', verifiedWith !== false);
        endSpan(verifying);
        inTurn(() => {
          if (verifiedWith === false) settle(this.refuse(problem('statement.bad_signature', 'the signature does not verify under the actor’s current key', 'signature')));
          else this.deps.committer.enqueue({ parsed: statement, signature: input.signature, verifiedWith, settle, receivedAt, ...(trace === undefined ? {} : { trace }) });
        });
      });
    });
  }

  /**
   * Calls back with what the signature verified with (see Pending.verifiedWith); false
   * when it does not verify. An actor the ledger does not know (yet) is left to decide,
   * which names why. The Ed25519 arithmetic may run on a worker thread.
   */
  private verify(st: Statement, text: string, signature: string, done: (verifiedWith: Pending['verifiedWith'] | false) => void): void {
    const view = this.deps.memory.view;
    if (view.nonceSeen(st.actor, st.nonce) !== undefined) return done(undefined);
    const key = verificationKey(view, st);
    if (key === undefined) return done(view.principal(st.actor) || view.agent(st.actor) ? false : null);
    // Checked here only when statements come one at a time: in a burst, one checked here
    // would be committed on its own (one more fsync) instead of with the rest.
    const alone = this.deps.committer.quiet && this.order.length <= 1;
    this.deps.signatures.check(key.key, text, signature, (verified) => done(verified ? key.encoded : false), alone);
  }

  private refuse(...problems: [Problem, ...Problem[]]): SubmitResult {
    this.deps.observer?.refused?.(problems[0].code);
    return refusal(...problems);
  }

  /** A replay returns the original receipt only for the very same signed statement. */
  async answerReplay(pending: Pending, checkpoint: SignedCheckpoint): Promise<SubmitResult> {
    const st = pending.parsed.statement;
    const stored = await this.deps.store.findByActorNonce(st.actor, st.nonce);
    if (stored === undefined) {
      this.deps.observer?.storeError?.('store.unavailable');
      return refusal(problem('store.unavailable', 'the original statement could not be read back', 'nonce'));
    }
    const { envelope } = recordedFromStored(stored);
    if (encodeStatement(envelope.statement) !== pending.parsed.text || envelope.signature !== pending.signature) {
      return this.refuse(problem('statement.replayed', 'this actor already used this nonce for another statement', 'nonce', { position: stored.position }));
    }
    return { ok: true, replayed: true, receipt: receiptOf(this.deps.memory.log, stored.position, envelope, checkpoint) };
  }
}
