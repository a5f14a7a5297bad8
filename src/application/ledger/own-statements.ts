// The statements the ledger makes itself, signed with its current key: cascade
// revocations, containment suspensions, ledger key rotations and recorded checkpoints.
// They go through the same submit pipeline as anyone's (a suspension straight to the
// committer, right after its decision), so the verifier checks them the same way.
import { cascade, cascadeStatementFor, containmentFor, containmentStatementFor, decisionRequestOf, type LedgerView, type RecordedEvent } from '../../domain';
import { toBase64Url } from '../../integrity/bytes';
import { encodeStatement, parseStatement, signingMessage, type SignedStatement, type Statement } from '../../integrity/statement';
import { DECISION_EVENT_TYPES } from '../decisions/decision-answer';
import type { LedgerClock } from './ledger-clock';
import type { LedgerKeyRing } from './ledger-key-ring';
import type { SignedCheckpoint, SubmitResult } from './ledger.port';
import type { Pending } from './pending';

export interface OwnStatementsDeps {
  readonly ledgerId: string;
  readonly clock: LedgerClock;
  readonly keyRing: LedgerKeyRing;
  /** The domain state at the head (it changes with every commit). */
  view(): LedgerView;
  submit(input: SignedStatement): Promise<SubmitResult>;
  latestCheckpoint(): SignedCheckpoint;
}

export class OwnStatements {
  /** Position of the latest event that is not a recorded checkpoint (-1: none yet). */
  private lastOther = -1;
  private recording = false;
  /** The latest recorded checkpoint (metrics: its age). */
  lastRecorded: { readonly treeSize: number; readonly recordedAt: string } | undefined;

  constructor(private readonly deps: OwnStatementsDeps) {}

  /** Notes each event the log holds, in order (at open and on every commit). */
  observe(event: RecordedEvent): void {
    if (event.type === 'checkpoint.recorded') {
      const treeSize = (event.statement.body as { treeSize?: unknown }).treeSize;
      if (typeof treeSize === 'number') this.lastRecorded = { treeSize, recordedAt: event.recordedAt };
    } else if (event.position > this.lastOther) this.lastOther = event.position;
  }

  /**
   * Invariants 5 and 6: the chain check already denies everything below a revocation
   * or kill switch; the ledger then records each explicit revocation, naming the cause.
   * Nonces derive from the cause, so a cascade that a crash interrupted and that is run
   * again on start records only what is still missing. Resolves with how many
   * revocations were recorded.
   */
  async recordCascade(trigger: RecordedEvent): Promise<number> {
    const view = this.deps.view();
    const issuedAt = this.deps.clock.next();
    const statements = cascade(view, trigger, Date.parse(issuedAt))
      .map((step) => cascadeStatementFor(view, step, issuedAt))
      .filter((st): st is Statement => st !== undefined);
    const results = await Promise.all(statements.map((st) => this.submit(st)));
    return results.filter((r) => r.ok && !r.replayed).length;
  }

  /**
   * The ledger's own suspension for an anomaly a decision made fire, ready for the
   * committer (signed with the current ledger key, so verified with it). Nobody awaits
   * its answer: it is recorded, announced and cascaded like any committed event.
   */
  pendingContainment(recorded: RecordedEvent): Pending | undefined {
    if (DECISION_EVENT_TYPES[recorded.type] === undefined) return undefined;
    const signed = this.containment(recorded);
    if (signed === undefined) return undefined;
    const parsed = parseStatement(signed.statement, this.deps.ledgerId);
    if (!parsed.ok) return undefined;
    const verifiedWith = toBase64Url(this.deps.keyRing.signer.publicKey);
    return { parsed: parsed.value, signature: signed.signature, verifiedWith, settle: () => undefined, receivedAt: Date.now() };
  }

  /**
   * Containment (issue 21): the ledger's signed `agent.suspended` for the anomaly that
   * `decision` (just folded in) made fire, when the policy in force suspends for it and
   * the agent is still active; undefined otherwise (at once when no policy suspends).
   * The committer decides it right after the decision, in the same batch.
   */
  private containment(decision: RecordedEvent): SignedStatement | undefined {
    const view = this.deps.view();
    if (view.containment() === undefined) return undefined;
    const agentId = decisionRequestOf(decision)?.agentId;
    const anomaly = agentId === undefined ? undefined : containmentFor(view, agentId);
    if (anomaly === undefined) return undefined;
    const statement = containmentStatementFor(view, anomaly, decision.recordedAt);
    return statement === undefined ? undefined : this.sign(statement);
  }

  /** Signs and submits one of the ledger's own statements. */
  submit(statement: Statement): Promise<SubmitResult> {
    return this.deps.submit(this.sign(statement));
  }

  private sign(statement: Statement): SignedStatement {
    const text = encodeStatement(statement);
    return { statement: text, signature: toBase64Url(this.deps.keyRing.signer.sign(signingMessage(text))) };
  }

  /**
   * Rotates the ledger key: a new key is staged durably, `ledger.key_rotated` is signed
   * with the current one, and once it is recorded checkpoints and credentials are signed
   * with the new key. The old key stays in the JWKS (tokens it signed verify until they expire).
   */
  rotateKey(nonce: string): Promise<SubmitResult> {
    const next = this.deps.keyRing.stage();
    return this.submit({
      v: 1, ledgerId: this.deps.ledgerId, type: 'ledger.key_rotated', actor: this.ledgerPrincipalId(), nonce,
      issuedAt: this.deps.clock.next(), body: { publicKey: toBase64Url(next.publicKey) },
    });
  }

  /**
   * Records the latest signed checkpoint in the `checkpoints` stream, periodically and on
   * demand, but only when the log holds an event that is not itself a recorded
   * checkpoint beyond the last one recorded: recording one grows the tree, so "the tree
   * grew" alone would record a checkpoint of the previous checkpoint for ever on an idle
   * ledger. One at a time: a tick while one is still being committed does nothing.
   */
  async recordCheckpoint(nonce: string): Promise<SubmitResult | undefined> {
    const last = this.deps.view().ledger()?.checkpointSize ?? 0;
    if (this.recording || this.lastOther < last) return undefined;
    const cp = this.deps.latestCheckpoint();
    if (cp.treeSize <= last) return undefined;
    this.recording = true;
    try {
      return await this.submit({
        v: 1, ledgerId: this.deps.ledgerId, type: 'checkpoint.recorded', actor: this.ledgerPrincipalId(), nonce,
        issuedAt: this.deps.clock.next(), body: { treeSize: cp.treeSize, rootHash: cp.rootHash, note: cp.note },
      });
    } finally {
      this.recording = false;
    }
  }

  private ledgerPrincipalId(): string {
    return this.deps.view().ledger()!.principalId;
  }
}
