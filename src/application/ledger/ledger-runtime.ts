// The running ledger: the submit pipeline (parse, check, verify) in front of the group
// committer, receipts, proofs and reads. One process writes; it holds the state at
// the head in memory and the store is the source of truth it is rebuilt from.
import { causeOf, type RecordedEvent } from '../../domain';
import { problem, type Problem, type Result } from '../../errors/problem';
import { toBase64Url } from '../../integrity/bytes';
import { formatVerifierKey } from '../../integrity/checkpoint';
import type { Envelope } from '../../integrity/envelope';
import { encodeStatement, parseStatement, signingMessage, type SignedStatement, type Statement } from '../../integrity/statement';
import { Committer } from './committer';
import { buildBundle, type EvidenceTarget } from '../evidence/build-bundle';
import type { EvidenceBundle } from '../../sdk/verify/bundle-format';
import { receiptAtPosition, receiptOf, recordedEnvelopeOf, recordedFromStored } from './ledger-events';
import { LedgerMemory } from './ledger-memory';
import { noteSignerOf } from './ledger-signer';
import type { AuthorizeResult, ConsistencyProof, CredentialResult, DecisionStatementType, InclusionProof, LedgerHealth, LedgerKey, LedgerPort, Reader, Receipt, RecordedEnvelope, SignedCheckpoint, SubmitResult } from './ledger.port';
import { credentialTokenFor } from '../credentials/credential-issuer';
import { answerOf, cannotRecord, DECISION_EVENT_TYPES, failedClosed } from '../decisions/decision-answer';
import { LedgerKeyRing } from './ledger-key-ring';
import { MerkleLog } from './merkle-log';
import { OwnStatements } from './own-statements';
import { refusal, type Pending } from './pending';
import { statementSignatures, type StatementSignatures } from './statement-signatures';
import { SubmissionOrder } from './submission-order';
import { readerOf, verificationKey } from './principal-keys';
import { currentTrace, endSpan, startSpan } from '../tracing/spans';

export { keyIdOf } from './ledger-key-ring';

export const MAX_STATEMENT_BYTES = 64 * 1024;

import type { RuntimeObserver, RuntimeOptions } from './runtime-options';

export type { RuntimeObserver, RuntimeOptions };

export class LedgerRuntime implements LedgerPort {
  private readonly memory: LedgerMemory;
  private readonly committer: Committer;
  private readonly listeners: ((events: readonly RecordedEvent[]) => void)[] = [];
  private interrupted: readonly RecordedEvent[] = [];
  private readonly following = new AbortController();
  private readonly keyRing: LedgerKeyRing;
  private readonly signatures: StatementSignatures;
  private readonly order = new SubmissionOrder();
  private readonly own: OwnStatements;

  private constructor(private readonly options: RuntimeOptions, private readonly id: string) {
    const origin = `${options.originHost}/${id}`;
    this.keyRing = new LedgerKeyRing(options.signer, options.keys, (key) =>
      options.observer?.keyUnavailable !== undefined
        ? options.observer.keyUnavailable(key)
        : console.error(`the record names ledger key ${key}, whose seed is not in the key store: still signing with the previous key`),
    );
    this.signatures = options.signatures ?? statementSignatures();
    this.memory = new LedgerMemory(new MerkleLog(origin, noteSignerOf(() => this.keyRing.signer, origin)));
    this.committer = new Committer(this.memory, options.store, options.clock, {
      replay: (p, cp) => this.answerReplay(p, cp),
      receipt: (r, e, cp) => ({ ok: true, replayed: false, receipt: this.receiptOf(r.position, e, cp) }),
      committed: (events, size, latencies) => this.onCommitted(events, size, latencies),
      refused: (code) => options.observer?.refused?.(code),
      storeFailed: (code) => options.observer?.storeError?.(code),
      vet: (statement) => this.keyRing.vet(statement),
      contain: (recorded) => this.containment(recorded),
    }, options.maxBatch);
    this.own = new OwnStatements({
      ledgerId: id, clock: options.clock, keyRing: this.keyRing,
      view: () => this.memory.view, submit: (input) => this.submit(input), latestCheckpoint: () => this.latestCheckpoint(),
    });
  }

  /** Opens a ledger whose genesis is in the store; runs cascades a crash interrupted. */
  static async open(options: RuntimeOptions): Promise<LedgerRuntime> {
    const first = await options.store.readAll(0, 1);
    if (first.length === 0) throw new Error('the store holds no ledger: run `writ init` or start the service once to create one');
    const { recorded } = recordedFromStored(first[0]!);
    const runtime = new LedgerRuntime(options, recorded.statement.ledgerId);
    const triggers: RecordedEvent[] = [];
    await runtime.memory.catchUp(options.store, (e) => {
      runtime.keyRing.observe(e);
      runtime.own.observe(e);
      if (causeOf(e) !== undefined) triggers.push(e);
    });
    runtime.keyRing.adoptCurrent();
    runtime.checkLedgerKey();
    runtime.interrupted = triggers;
    if (options.followStore) void runtime.followStore();
    if (options.cascades !== 'saga') for (const trigger of triggers) void runtime.recordCascade(trigger);
    return runtime;
  }

  /** Creates a ledger in an empty store: its genesis statement, signed by the ledger key. */
  static async create(options: RuntimeOptions, genesis: Statement): Promise<LedgerRuntime> {
    if ((await options.store.size()) > 0) throw new Error('the store already holds a ledger');
    const runtime = new LedgerRuntime(options, genesis.ledgerId);
    const text = encodeStatement(genesis);
    const signature = toBase64Url(runtime.keyRing.signer.sign(signingMessage(text)));
    const result = await runtime.submit({ statement: text, signature }, 'ledger.genesis');
    if (!result.ok) throw new Error(`genesis refused: ${result.problems.map((p) => `${p.code} at ${p.path}: ${p.message}`).join('; ')}`);
    if (options.followStore) void runtime.followStore();
    return runtime;
  }

  get ledgerId(): string {
    return this.id;
  }

  /** The writer: it holds the ledger key (see ReadOnlyLedger for a copy without one). */
  readonly readOnly = false;

  get origin(): string {
    return this.memory.log.origin;
  }

  get verifierKey(): string {
    const key = formatVerifierKey(this.origin, this.keyRing.signer.publicKey);
    if (!key.ok) throw new Error(key.problems[0].message);
    return key.value;
  }

  /** The ledger principal id: actor of genesis, cascades and recorded checkpoints. */
  get ledgerPrincipalId(): string {
    return this.memory.view.ledger()!.principalId;
  }

  async submit(input: SignedStatement, expectedType?: string): Promise<SubmitResult> {
    const receivedAt = Date.now();
    if (typeof input.statement !== 'string' || input.statement.length > MAX_STATEMENT_BYTES) {
      return this.refuse(problem('statement.too_large', `a statement is at most ${MAX_STATEMENT_BYTES} bytes`, 'statement'));
    }
    const parsed = parseStatement(input.statement, this.id);
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
          else this.committer.enqueue({ parsed: statement, signature: input.signature, verifiedWith, settle, receivedAt, ...(trace === undefined ? {} : { trace }) });
        });
      });
    });
  }

  submitBatch(inputs: readonly SignedStatement[]): Promise<readonly SubmitResult[]> {
    return Promise.all(inputs.map((input) => this.submit(input)));
  }

  /**
   * Calls back with what the signature verified with (see Pending.verifiedWith); false
   * when it does not verify. An actor the ledger does not know (yet) is left to decide,
   * which names why. The Ed25519 arithmetic may run on a worker thread.
   */
  private verify(st: Statement, text: string, signature: string, done: (verifiedWith: Pending['verifiedWith'] | false) => void): void {
    if (this.memory.view.nonceSeen(st.actor, st.nonce) !== undefined) return done(undefined);
    const key = verificationKey(this.memory.view, st);
    if (key === undefined) return done(this.memory.view.principal(st.actor) || this.memory.view.agent(st.actor) ? false : null);
    // Checked here only when statements come one at a time: in a burst, one checked here
    // would be committed on its own (one more fsync) instead of with the rest.
    const alone = this.committer.quiet && this.order.length <= 1;
    this.signatures.check(key.key, text, signature, (verified) => done(verified ? key.encoded : false), alone);
  }

  private refuse(...problems: [Problem, ...Problem[]]): SubmitResult {
    this.options.observer?.refused?.(problems[0].code);
    return refusal(...problems);
  }

  /** A replay returns the original receipt only for the very same signed statement. */
  private async answerReplay(pending: Pending, checkpoint: SignedCheckpoint): Promise<SubmitResult> {
    const st = pending.parsed.statement;
    const stored = await this.options.store.findByActorNonce(st.actor, st.nonce);
    if (stored === undefined) {
      this.options.observer?.storeError?.('store.unavailable');
      return refusal(problem('store.unavailable', 'the original statement could not be read back', 'nonce'));
    }
    const { envelope } = recordedFromStored(stored);
    if (encodeStatement(envelope.statement) !== pending.parsed.text || envelope.signature !== pending.signature) {
      return this.refuse(problem('statement.replayed', 'this actor already used this nonce for another statement', 'nonce', { position: stored.position }));
    }
    return { ok: true, replayed: true, receipt: this.receiptOf(stored.position, envelope, checkpoint) };
  }

  private receiptOf(position: number, envelope: Envelope, checkpoint: SignedCheckpoint): Receipt {
    return receiptOf(this.memory.log, position, envelope, checkpoint);
  }

  /**
   * The ledger's own suspension for an anomaly a decision made fire, ready for the
   * committer (signed with the current ledger key, so verified with it). Nobody awaits
   * its answer: it is recorded, announced and cascaded like any committed event.
   */
  private containment(recorded: RecordedEvent): Pending | undefined {
    if (DECISION_EVENT_TYPES[recorded.type] === undefined) return undefined;
    const signed = this.own.containment(recorded);
    if (signed === undefined) return undefined;
    const parsed = parseStatement(signed.statement, this.id);
    if (!parsed.ok) return undefined;
    const verifiedWith = toBase64Url(this.keyRing.signer.publicKey);
    return { parsed: parsed.value, signature: signed.signature, verifiedWith, settle: () => undefined, receivedAt: Date.now() };
  }

  /** Listens to committed events in commit order (sagas, projections, subscriptions). */
  onEvents(listener: (events: readonly RecordedEvent[]) => void): void {
    this.listeners.push(listener);
  }

  private onCommitted(events: readonly RecordedEvent[], size: number, latencies: readonly number[]): void {
    for (const e of events) {
      this.keyRing.observe(e);
      this.own.observe(e);
      const outcome = DECISION_EVENT_TYPES[e.type];
      if (outcome !== undefined) this.options.observer?.decided?.(outcome);
    }
    this.keyRing.adoptCurrent();
    this.options.observer?.committed?.(events, size, latencies);
    for (const listener of this.listeners) listener(events);
    if (this.options.cascades !== 'saga') {
      for (const e of events) if (causeOf(e) !== undefined) void this.recordCascade(e);
    }
  }

  /**
   * Trigger events found on start: cascades a crash may have cut short. Recording them
   * again is safe (see recordCascade); the saga replays them once at start.
   */
  interruptedCascades(): readonly RecordedEvent[] {
    const triggers = this.interrupted;
    this.interrupted = [];
    return triggers;
  }

  /** Records the explicit revocations a trigger implies (invariants 5 and 6); see OwnStatements. */
  recordCascade(trigger: RecordedEvent): Promise<number> {
    return this.own.recordCascade(trigger);
  }

  /** Signs and submits one of the ledger's own statements. */
  submitOwn(statement: Statement): Promise<SubmitResult> {
    return this.own.submit(statement);
  }

  /** Stages a new ledger key and records `ledger.key_rotated` naming it; see OwnStatements. */
  rotateKey(nonce: string): Promise<SubmitResult> {
    return this.own.rotateKey(nonce);
  }

  async requestCredential(input: SignedStatement): Promise<CredentialResult> {
    const submitted = await this.submit(input, 'credential.request');
    if (!submitted.ok) return { ok: false, problems: submitted.problems };
    const credential = credentialTokenFor(this.origin, input.statement, submitted.receipt, this.keyRing.jwsSigner());
    if (credential === undefined) return { ok: false, problems: [problem('internal.error', 'the issued credential could not be read back', 'statement')] };
    return { ...submitted, credential };
  }

  /** Decided at the head by the committer; anything that keeps it from the record is a denial. */
  async authorize(input: SignedStatement, type: DecisionStatementType = 'action.request'): Promise<AuthorizeResult> {
    const started = performance.now();
    const answered = await this.decide(input, type);
    if (answered.ok) {
      const outcome = answered.answer.failedClosed === true ? 'failed_closed' : answered.answer.decision;
      this.options.observer?.decisionAnswered?.(outcome, (performance.now() - started) / 1000);
    }
    return answered;
  }

  private async decide(input: SignedStatement, type: DecisionStatementType): Promise<AuthorizeResult> {
    let submitted: SubmitResult;
    try {
      submitted = await this.submit(input, type);
    } catch (error) {
      submitted = refusal(problem('internal.error', (error as Error).message));
    }
    if (!submitted.ok && !cannotRecord(submitted.problems)) return submitted;
    const answer = submitted.ok ? answerOf(submitted.receipt, submitted.replayed) : undefined;
    if (answer !== undefined) return { ok: true, answer };
    this.options.observer?.decisionFailedClosed?.();
    return { ok: true, answer: failedClosed() };
  }

  /**
   * Records the latest signed checkpoint in the `checkpoints` stream (periodically and on
   * demand) when events other than recorded checkpoints joined the log since the last one.
   */
  recordCheckpoint(nonce: string): Promise<SubmitResult | undefined> {
    return this.own.recordCheckpoint(nonce);
  }

  /** The latest checkpoint recorded in the `checkpoints` stream: its tree size and when it was recorded. */
  lastRecordedCheckpoint(): { readonly treeSize: number; readonly recordedAt: string } | undefined {
    return this.own.lastRecorded;
  }

  /** Signature checks asked for and not yet answered (the worker pool's queue). */
  signatureQueueDepth(): number {
    return this.signatures.depth ?? 0;
  }

  /** `degraded` with the reasons when the ledger runs but not as the record says it should. */
  health(): LedgerHealth {
    const keyProblem = this.keyRing.problem;
    return keyProblem === undefined ? { status: 'ok', reasons: [] } : { status: 'degraded', reasons: [keyProblem] };
  }

  /**
   * Waits until every statement submitted so far has been answered: those whose
   * signature is still being checked (on a worker) included, then the committer's queue.
   */
  async idle(): Promise<void> {
    while (this.order.length > 0) await new Promise((r) => setImmediate(r));
    await this.committer.idle();
  }

  latestCheckpoint(): SignedCheckpoint {
    return this.memory.log.checkpoint();
  }

  inclusionProof(leafIndex: number, treeSize?: number): Result<InclusionProof> {
    return this.memory.log.inclusion(leafIndex, treeSize);
  }

  consistencyProof(fromSize: number, toSize?: number): Result<ConsistencyProof> {
    return this.memory.log.consistency(fromSize, toSize);
  }

  async eventAt(position: number): Promise<RecordedEnvelope | undefined> {
    if (!Number.isSafeInteger(position) || position < 0 || position >= this.size()) return undefined;
    const [stored] = await this.options.store.readAll(position, 1);
    return stored === undefined ? undefined : recordedEnvelopeOf(stored);
  }

  /**
   * Any event's receipt, as its submitter got one but against the latest checkpoint
   * (taken first: the tree only grows, so the proof for that size stays available).
   */
  async receiptAt(position: number): Promise<Receipt | undefined> {
    return receiptAtPosition(this.options.store, this.memory.log, position, this.memory.log.checkpoint());
  }

  /** A page of the global log as recorded events (read-model catch-up, in pages). */
  async readLog(fromPosition: number, limit: number): Promise<readonly RecordedEvent[]> {
    const end = Math.min(this.size(), fromPosition + limit);
    if (end <= fromPosition) return [];
    const page = await this.options.store.readAll(fromPosition, end - fromPosition);
    return page.map((stored) => recordedFromStored(stored).recorded);
  }

  async evidence(target: EvidenceTarget, asOf?: number): Promise<Result<EvidenceBundle>> {
    return buildBundle({ store: this.options.store, ledgerId: this.id, size: this.size(), latest: () => this.latestCheckpoint() }, target, asOf);
  }

  async readStream(stream: string, fromRevision: number, limit: number): Promise<readonly RecordedEnvelope[]> {
    const events = await this.options.store.readStream(stream, { fromRevision, limit });
    return events.map(recordedEnvelopeOf);
  }

  size(): number {
    return this.memory.log.size;
  }

  /** The domain state at the head, read-only (decisions, read models, CLI replay). */
  get view() {
    return this.memory.view;
  }

  reader(principalId: string): Reader | undefined {
    return readerOf(this.memory.view, principalId);
  }

  ledgerKeys(): readonly LedgerKey[] {
    return this.keyRing.keys();
  }

  /** The signer must hold the key the ledger's state says is current. */
  private checkLedgerKey(): void {
    const ledger = this.memory.view.principal(this.ledgerPrincipalId);
    if (ledger?.key.encoded !== toBase64Url(this.keyRing.signer.publicKey)) {
      throw new Error('the ledger key file does not hold the ledger’s current key');
    }
  }

  /** Pokes the committer whenever the store holds an event this writer has not folded in. */
  private async followStore(): Promise<void> {
    try {
      for await (const stored of this.options.store.subscribeAll(this.memory.size, this.following.signal)) {
        if (stored.position >= this.memory.size) this.committer.catchUpNow();
      }
    } catch (error) {
      if (!this.following.signal.aborted) console.error(`writ: following the store stopped: ${(error as Error).message}`);
    }
  }

  async close(): Promise<void> {
    this.following.abort();
    await this.idle();
    await this.signatures.close();
    await this.options.store.close();
  }
}

