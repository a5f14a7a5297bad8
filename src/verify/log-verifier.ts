// The offline verifier: folds a ledger's log in global order and re-checks everything a
// reader must not take on trust. For each envelope: its hash, its link to the previous
// envelope of its stream, the actor's signature under the key valid at that point, the
// event's validity under the state before it (the domain's own rules, re-decided), and
// for recorded checkpoints the ledger's signature, the Merkle root at their size and,
// when they carry one, the state map root at that size (docs/evidence-bundle.md).
// Memory follows the state (streams, principals, agents, ...), never the log's length.
// The checkpoint checks are in checkpoint-checks.ts, the keys remembered in key-history.ts.
import { emptyLedgerState, evolve, recordedFromEnvelope, signerKeyFor, signerPublicKeyFor, validate, viewOf, type LedgerState, type LedgerView, type RecordedEvent } from '../domain';
import { equalBytes, fromBase64Url } from '../integrity/bytes';
import { nodeVerifier } from '../integrity/ed25519/node-verifier';
import type { Statement } from '../integrity/statement';
import { CheckpointChecks } from './checkpoint-checks';
import { finding, findingOf, type Finding } from './findings';
import { KeyHistory } from './key-history';
import { hashMatches, readStored, statementText, type StoredEnvelope } from './stored-envelope';
import { linkProblem } from './stream-link';
import { StreamTips } from './stream-tips';
import { NonceFingerprints } from './nonce-fingerprints';
import { inlineChecker, type SignatureChecker, type SignatureFailure } from './signature-check';
import type { TrustedKey } from './trusted-key';

/** One stored envelope, as its text, at its global position. */
export interface LogLine {
  readonly position: number;
  readonly text: string;
}

export interface VerifyOptions {
  readonly key?: TrustedKey;
  /** A signed checkpoint kept elsewhere: the log must still contain it. */
  readonly trustedCheckpoint?: string;
  /** Checkpoints that came with the input (an export's header): checked the same way. */
  readonly carriedCheckpoints?: readonly string[];
  /** List every bad position instead of stopping at the first. */
  readonly all?: boolean;
  readonly signatures?: SignatureChecker;
  /** Bounds the findings kept with --all (default 1000). */
  readonly maxFindings?: number;
}

export interface VerifyReport {
  readonly ok: boolean;
  /** Events read. */
  readonly size: number;
  /** Merkle root (hex) over the events read. */
  readonly rootHash: string;
  readonly ledgerId?: string;
  /** `given`: --key; `record`: the ledger key at genesis was taken from the record itself. */
  readonly keyTrust: 'given' | 'record';
  /** base64url ledger key at genesis. */
  readonly genesisKey?: string;
  readonly checkpointsVerified: number;
  readonly trustedCheckpoint?: { readonly size: number; readonly rootHash: string; readonly contained: boolean };
  /** Sorted by position; with `all` unset, only the first. */
  readonly findings: readonly Finding[];
}

export class LogVerifier {
  // The one part of the state that grows with the log, kept compact (nonce-fingerprints.ts).
  private readonly state: LedgerState = emptyLedgerState(new NonceFingerprints());
  private readonly view: LedgerView = viewOf(this.state);
  private readonly tips = new StreamTips();
  private readonly keys = new KeyHistory(this.state, this.view);
  private readonly signatures: SignatureChecker;
  private readonly checkpoints: CheckpointChecks;
  private readonly findings: Finding[] = [];
  private next = 0;
  private stopped = false;
  private genesisKey: string | undefined;

  constructor(private readonly options: VerifyOptions = {}) {
    this.signatures = options.signatures ?? inlineChecker();
    this.checkpoints = new CheckpointChecks(options, (f) => this.report(f));
  }

  /** False once the verifier stopped (first finding without `all`): stop reading. */
  get running(): boolean {
    return !this.stopped;
  }

  get position(): number {
    return this.next;
  }

  /** Checks one line; returns a promise only when the signature workers are busy. */
  push(line: LogLine): Promise<void> | undefined {
    if (this.stopped) return undefined;
    this.check(line);
    this.collectSignatureFailures();
    return this.signatures.ready();
  }

  async finish(): Promise<VerifyReport> {
    await this.signatures.finish();
    this.collectSignatureFailures();
    await this.signatures.close();
    this.checkpoints.judgeOutside(this.keys.ledgerKeys, () => this.stopped);
    // Within a position, checks rank as they run inline: envelope, then signature, then
    // rules (signature answers from worker threads may arrive after the rules spoke).
    const sorted = [...this.findings].sort((a, b) => a.position - b.position || rank(a) - rank(b));
    const findings = this.options.all ? sorted.slice(0, this.maxFindings()) : sorted.slice(0, 1);
    const cp = this.checkpoints.trustedOutcome;
    return {
      ok: findings.length === 0,
      size: this.next,
      rootHash: this.checkpoints.rootHash,
      ...(this.state.ledger ? { ledgerId: this.state.ledger.ledgerId } : {}),
      keyTrust: this.options.key ? 'given' : 'record',
      ...(this.genesisKey ? { genesisKey: this.genesisKey } : {}),
      checkpointsVerified: this.checkpoints.verified,
      ...(cp ? { trustedCheckpoint: cp } : {}),
      findings,
    };
  }

  /** The folded state (for replay), valid after the last push. */
  get ledgerState(): LedgerState {
    return this.state;
  }

  private maxFindings(): number {
    return this.options.maxFindings ?? 1000;
  }

  private report(f: Finding): void {
    this.findings.push(f);
    if (!this.options.all) this.stopped = true;
    else if (this.findings.length >= this.maxFindings()) {
      this.findings.push(finding(f.position, 'verify.limit_reached', `stopped after ${this.maxFindings()} findings`));
      this.stopped = true;
    }
  }

  private collectSignatureFailures(): void {
    for (const failure of this.signatures.drainFailures()) this.report(signatureFinding(failure));
  }

  private check(line: LogLine): void {
    const position = this.next;
    if (line.position !== position) {
      // A position missing from the store: nothing after it can be judged in order.
      this.report(finding(position, 'verify.position_gap', `position ${position} is missing; the next stored event is at ${line.position}`, 'position'));
      this.stopped = true;
      return;
    }
    const parsed = readStored(line.text);
    if (!parsed.ok) {
      this.report(findingOf(position, parsed.problems[0]));
      this.stopped = true;
      return;
    }
    const stored = parsed.value;
    const envelope = stored.envelope;
    try {
      const broken = linkProblem(envelope, hashMatches(stored, line.text), this.tips.tipFor(envelope.stream, envelope.prevHash));
      if (broken) this.report(findingOf(position, broken));
      this.tips.set(envelope.stream, envelope.revision, envelope.hash);
      this.checkpoints.leaf(envelope.hash);
      if (!this.stopped) this.checkEvent(position, stored);
      this.checkpoints.checked(position);
    } catch (error) {
      // JSON without a canonical form (a lone surrogate, a number out of range) or a
      // body the rules cannot read: the envelope is unusable from here on.
      this.report(finding(position, 'envelope.malformed', `the envelope cannot be checked: ${(error as Error).message}`));
      this.stopped = true;
    }
    this.next = position + 1;
  }

  private checkEvent(position: number, stored: StoredEnvelope): void {
    const envelope = stored.envelope;
    const statement = envelope.statement;
    const ledger = this.state.ledger;
    if (ledger !== undefined && statement.ledgerId !== ledger.ledgerId) {
      this.report(finding(position, 'statement.wrong_ledger', `statement is for ledger ${String(statement.ledgerId)}, not ${ledger.ledgerId}`, 'statement.ledgerId'));
      if (!this.options.all) return;
    }
    const encodedKey = signerKeyFor(this.view, statement);
    if (position === 0) this.checkGenesisKey(encodedKey);
    if (this.stopped) return;
    this.checkSignature(position, stored, statement);
    if (this.stopped) return;
    const event: RecordedEvent = recordedFromEnvelope(envelope, position);
    const valid = validate(this.view, event, encodedKey ?? '', nodeVerifier);
    if (!valid.ok) {
      this.report(findingOf(position, valid.problems[0], 'statement'));
      if (!this.options.all) return;
    } else if (envelope.type === 'checkpoint.recorded') {
      this.checkpoints.recorded(position, statement, this.keys.currentLedgerKey());
    }
    this.fold(event);
  }

  private checkGenesisKey(encoded: string | undefined): void {
    this.genesisKey = encoded;
    const trusted = this.options.key;
    if (trusted === undefined) return;
    const bytes = encoded === undefined ? undefined : fromBase64Url(encoded);
    if (bytes === undefined || !equalBytes(bytes, trusted.publicKey.bytes)) {
      this.report(finding(0, 'verify.untrusted_key', 'the ledger key at genesis is not the trusted key', 'statement.body.publicKey'));
    }
  }

  private checkSignature(position: number, stored: StoredEnvelope, statement: Statement): void {
    const key = signerPublicKeyFor(this.view, statement);
    if (key === undefined) {
      // An unknown actor is the domain's to name (actor.unknown); a known one has a key.
      if (signerKeyFor(this.view, statement) !== undefined) {
        this.report(finding(position, 'key.malformed', 'the signer key does not pass the key policy', 'signature'));
      }
      return;
    }
    const past = this.keys.pastOf(statement.actor);
    this.signatures.submit({
      position,
      key,
      statementText: statementText(stored),
      signature: stored.envelope.signature,
      ...(past ? { pastKeys: past } : {}),
    });
    this.collectSignatureFailures();
  }

  /** Folds a checked event, remembering keys it rotates out (to name a stale signature). */
  private fold(event: RecordedEvent): void {
    this.keys.beforeFold(event);
    try {
      evolve(this.state, event);
      this.checkpoints.fold(this.state, event);
    } catch (error) {
      this.report(finding(event.position, 'replay.position_mismatch', `the event cannot be folded: ${(error as Error).message}`));
      this.stopped = true;
      return;
    }
    this.keys.afterFold(event);
  }
}

const SIGNATURE_CODES: ReadonlySet<string> = new Set(['statement.bad_signature', 'actor.key_not_current', 'key.malformed']);

function rank(f: Finding): number {
  if (f.code.startsWith('envelope.') || f.code === 'verify.position_gap') return 0;
  return SIGNATURE_CODES.has(f.code) && f.path === 'signature' ? 1 : 2;
}

function signatureFinding(failure: SignatureFailure): Finding {
  return failure.verdict === 'old_key'
    ? finding(failure.position, 'actor.key_not_current', 'signed with a key the actor had rotated out at this point', 'signature')
    : finding(failure.position, 'statement.bad_signature', "the signature does not verify under the actor's key at this point", 'signature');
}
