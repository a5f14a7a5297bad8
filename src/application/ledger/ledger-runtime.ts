// The running ledger, the one writer: the submit pipeline (statement-intake.ts) in front
// of the group committer, the ledger's own statements (own-statements.ts), decisions and
// credentials (ledger-requests.ts), proofs, and the reads a read-only copy shares
// (ledger-reads.ts). It holds the state at the head in memory and the store is the
// source of truth it is rebuilt from.
import { causeOf, type RecordedEvent } from '../../domain';
import type { Result } from '../../errors/problem';
import { toBase64Url } from '../../integrity/bytes';
import { formatVerifierKey } from '../../integrity/checkpoint';
import { encodeStatement, signingMessage, type SignedStatement, type Statement } from '../../integrity/statement';
import { Committer } from './committer';
import { receiptOf, recordedFromStored } from './ledger-events';
import { LedgerMemory } from './ledger-memory';
import { LedgerReads } from './ledger-reads';
import { LedgerRequests } from './ledger-requests';
import { noteSignerOf } from './ledger-signer';
import type { AuthorizeResult, ConsistencyProof, CredentialResult, DecisionStatementType, InclusionProof, LedgerHealth, LedgerKey, LedgerPort, SignedCheckpoint, SubmitResult } from './ledger.port';
import { DECISION_EVENT_TYPES } from '../decisions/decision-answer';
import { LedgerKeyRing } from './ledger-key-ring';
import { MerkleLog } from './merkle-log';
import { OwnStatements } from './own-statements';
import type { RuntimeOptions } from './runtime-options';
import { StatementIntake } from './statement-intake';
import { statementSignatures, type StatementSignatures } from './statement-signatures';

export class LedgerRuntime extends LedgerReads implements LedgerPort {
  private readonly committer: Committer;
  private readonly listeners: ((events: readonly RecordedEvent[]) => void)[] = [];
  private interrupted: readonly RecordedEvent[] = [];
  private readonly following = new AbortController();
  private readonly keyRing: LedgerKeyRing;
  private readonly signatures: StatementSignatures;
  private readonly own: OwnStatements;
  private readonly intake: StatementIntake;
  private readonly requests: LedgerRequests;

  private constructor(private readonly options: RuntimeOptions, private readonly id: string) {
    const origin = `${options.originHost}/${id}`;
    const keyRing = new LedgerKeyRing(options.signer, options.keys, (key) =>
      options.observer?.keyUnavailable !== undefined
        ? options.observer.keyUnavailable(key)
        : console.error(`the record names ledger key ${key}, whose seed is not in the key store: still signing with the previous key`),
    );
    super(options.store, new LedgerMemory(new MerkleLog(origin, noteSignerOf(() => keyRing.signer, origin))));
    this.keyRing = keyRing;
    this.signatures = options.signatures ?? statementSignatures();
    this.committer = new Committer(this.memory, options.store, options.clock, {
      replay: (p, cp) => this.intake.answerReplay(p, cp),
      receipt: (r, e, cp) => ({ ok: true, replayed: false, receipt: receiptOf(this.memory.log, r.position, e, cp) }),
      committed: (events, size, latencies) => this.onCommitted(events, size, latencies),
      refused: (code) => options.observer?.refused?.(code),
      storeFailed: (code) => options.observer?.storeError?.(code),
      vet: (statement) => this.keyRing.vet(statement),
      contain: (recorded) => this.own.pendingContainment(recorded),
    }, options.maxBatch);
    this.own = new OwnStatements({
      ledgerId: id, clock: options.clock, keyRing: this.keyRing,
      view: () => this.memory.view, submit: (input) => this.submit(input), latestCheckpoint: () => this.latestCheckpoint(),
    });
    this.intake = new StatementIntake({
      ledgerId: id, memory: this.memory, store: options.store, committer: this.committer, signatures: this.signatures, observer: options.observer,
    });
    this.requests = new LedgerRequests({ origin, keyRing: this.keyRing, observer: options.observer, submit: (input, type) => this.submit(input, type) });
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

  submit(input: SignedStatement, expectedType?: string): Promise<SubmitResult> {
    return this.intake.submit(input, expectedType);
  }

  submitBatch(inputs: readonly SignedStatement[]): Promise<readonly SubmitResult[]> {
    return Promise.all(inputs.map((input) => this.submit(input)));
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

  requestCredential(input: SignedStatement): Promise<CredentialResult> {
    return this.requests.requestCredential(input);
  }

  /** Decided at the head by the committer; anything that keeps it from the record is a denial (see LedgerRequests). */
  authorize(input: SignedStatement, type?: DecisionStatementType): Promise<AuthorizeResult> {
    return this.requests.authorize(input, type);
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
    while (this.intake.checking > 0) await new Promise((r) => setImmediate(r));
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

  /** The domain state at the head, read-only (decisions, read models, CLI replay). */
  get view() {
    return this.memory.view;
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

