// The offline verifier: folds a ledger's log in global order and re-checks everything a
// reader must not take on trust. For each envelope: its hash, its link to the previous
// envelope of its stream, the actor's signature under the key valid at that point, the
// event's validity under the state before it (the domain's own rules, re-decided), and
// for recorded checkpoints the ledger's signature, the Merkle root at their size and,
// when they carry one, the state map root at that size (docs/evidence-bundle.md).
// Memory follows the state (streams, principals, agents, ...), never the log's length.
import { emptyLedgerState, evolve, LedgerStateMap, recordedFromEnvelope, signerKeyFor, signerPublicKeyFor, validate, viewOf, type LedgerState, type LedgerView, type RecordedEvent } from '../domain';
import { bytesToHex, equalBytes, fromBase64Url } from '../integrity/bytes';
import { noteVerifierKey, openCheckpoint, stateRootOf, type Checkpoint, type NoteVerifierKey } from '../integrity/checkpoint';
import type { PublicKey } from '../integrity/ed25519';
import { nodeVerifier } from '../integrity/ed25519/node-verifier';
import type { Statement } from '../integrity/statement';
import { finding, findingOf, type Finding } from './findings';
import { RootWindow } from './root-window';
import { StateWindow } from './state-window';
import { hashMatches, readStored, statementText, type StoredEnvelope } from './stored-envelope';
import { linkProblem } from './stream-link';
import { StreamTips } from './stream-tips';
import { NonceFingerprints } from './nonce-fingerprints';
import { inlineChecker, type SignatureChecker, type SignatureFailure } from './signature-check';
import { originOf, TrustedCheckpoint } from './trusted-checkpoint';

/** One stored envelope, as its text, at its global position. */
export interface LogLine {
  readonly position: number;
  readonly text: string;
}

/** The ledger key a reader trusts, from outside the record. */
export interface TrustedKey {
  readonly publicKey: PublicKey;
  /** The key name (checkpoint origin) when it came as a note verifier key. */
  readonly origin?: string;
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

const LEAF_INPUT = Buffer.alloc(32);

const KEY_ROTATIONS = new Set(['principal.key_rotated', 'agent.key_rotated', 'ledger.key_rotated']);

export class LogVerifier {
  // The one part of the state that grows with the log, kept compact (nonce-fingerprints.ts).
  private readonly state: LedgerState = emptyLedgerState(new NonceFingerprints());
  private readonly view: LedgerView = viewOf(this.state);
  private readonly tips = new StreamTips();
  private readonly roots = new RootWindow();
  private readonly stateMap = new LedgerStateMap();
  private readonly states = new StateWindow(this.stateMap.snapshot());
  private readonly pastKeys = new Map<string, PublicKey[]>();
  private readonly signatures: SignatureChecker;
  private readonly trusted: TrustedCheckpoint | undefined;
  private readonly carried: TrustedCheckpoint[];
  private readonly findings: Finding[] = [];
  private readonly ledgerKeys: PublicKey[] = [];
  private next = 0;
  private stopped = false;
  private checkpoints = 0;
  private genesisKey: string | undefined;

  constructor(private readonly options: VerifyOptions = {}) {
    this.signatures = options.signatures ?? inlineChecker();
    this.trusted = options.trustedCheckpoint === undefined ? undefined : new TrustedCheckpoint(options.trustedCheckpoint);
    this.carried = (options.carriedCheckpoints ?? []).map((note) => new TrustedCheckpoint(note));
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
    if (!this.stopped) for (const cp of this.carried) this.checkTrusted(cp);
    if (this.trusted && !this.stopped) this.checkTrusted(this.trusted);
    // Within a position, checks rank as they run inline: envelope, then signature, then
    // rules (signature answers from worker threads may arrive after the rules spoke).
    const sorted = [...this.findings].sort((a, b) => a.position - b.position || rank(a) - rank(b));
    const findings = this.options.all ? sorted.slice(0, this.maxFindings()) : sorted.slice(0, 1);
    const cp = this.trusted?.outcome;
    return {
      ok: findings.length === 0,
      size: this.next,
      rootHash: bytesToHex(this.roots.root()),
      ...(this.state.ledger ? { ledgerId: this.state.ledger.ledgerId } : {}),
      keyTrust: this.options.key ? 'given' : 'record',
      ...(this.genesisKey ? { genesisKey: this.genesisKey } : {}),
      checkpointsVerified: this.checkpoints,
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
      // The leaf input is copied by the Merkle hashing, so one buffer serves every event.
      LEAF_INPUT.write(envelope.hash, 'hex');
      this.roots.append(LEAF_INPUT);
      for (const cp of this.carried) if (cp.size === this.roots.size) cp.rootSeen(this.roots.root());
      if (this.trusted?.size === this.roots.size) this.trusted.rootSeen(this.roots.root());
      if (!this.stopped) this.checkEvent(position, stored);
      for (const cp of this.carried) if (cp.size === position + 1) cp.stateSeen(this.stateMap.rootHash());
      if (this.trusted?.size === position + 1) this.trusted.stateSeen(this.stateMap.rootHash());
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
      this.checkRecordedCheckpoint(position, statement);
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
    const past = this.pastKeys.get(statement.actor);
    this.signatures.submit({
      position,
      key,
      statementText: statementText(stored),
      signature: stored.envelope.signature,
      ...(past ? { pastKeys: past } : {}),
    });
    this.collectSignatureFailures();
  }

  private checkRecordedCheckpoint(position: number, statement: Statement): void {
    const body = statement.body as { treeSize: number; rootHash: string; note: string };
    const ledgerKey = this.currentLedgerKey();
    const origin = this.options.key?.origin ?? originOf(body.note);
    const vkey = ledgerKey && origin !== undefined ? noteVerifierKey(origin, ledgerKey) : undefined;
    if (vkey === undefined || !vkey.ok) {
      this.report(finding(position, 'checkpoint.malformed', 'the recorded checkpoint names no usable origin', 'statement.body.note'));
      return;
    }
    const opened = openCheckpoint(body.note, [vkey.value], { expectedOrigin: origin!, verifier: nodeVerifier });
    if (!opened.ok) {
      this.report(findingOf(position, opened.problems[0], 'statement.body.note'));
      return;
    }
    const cp = opened.value.checkpoint;
    const root = this.roots.rootAt(body.treeSize);
    if (cp.size !== body.treeSize || bytesToHex(cp.rootHash) !== body.rootHash) {
      this.report(finding(position, 'verify.checkpoint_mismatch', 'the signed note and the recorded size or root differ', 'statement.body'));
    } else if (root === undefined || !equalBytes(root, cp.rootHash)) {
      this.report(finding(position, 'verify.checkpoint_mismatch', `the signed root differs from the log's Merkle root at size ${cp.size}`, 'statement.body.rootHash'));
    } else if (!this.checkStateRoot(position, cp)) {
      return;
    } else {
      this.checkpoints++;
    }
  }

  /**
   * A checkpoint's state line must be the state map's root at its size, as the log's
   * own events make it (a checkpoint signed before the map existed has none).
   */
  private checkStateRoot(position: number, cp: Checkpoint): boolean {
    const claimed = stateRootOf(cp);
    if (claimed === undefined) return true;
    const actual = this.states.rootAt(cp.size);
    if (claimed !== 'malformed' && actual !== undefined && equalBytes(claimed, actual)) return true;
    const why = claimed === 'malformed' ? 'its state line is malformed' : `its state root is not the state map's root at size ${cp.size}`;
    this.report(finding(position, 'verify.state_mismatch', `the recorded checkpoint is signed, but ${why}`, 'statement.body.note'));
    return false;
  }

  private currentLedgerKey(): PublicKey | undefined {
    const id = this.state.ledger?.principalId;
    return id === undefined ? undefined : this.view.principal(id)?.key.checked;
  }

  /** Folds a checked event, remembering keys it rotates out (to name a stale signature). */
  private fold(event: RecordedEvent): void {
    if (KEY_ROTATIONS.has(event.type)) this.rememberRotatedKey(event);
    try {
      evolve(this.state, event);
      if (this.stateMap.afterEvent(this.state, event)) this.states.changed(event.position + 1, this.stateMap.snapshot());
    } catch (error) {
      this.report(finding(event.position, 'replay.position_mismatch', `the event cannot be folded: ${(error as Error).message}`));
      this.stopped = true;
      return;
    }
    if (event.position === 0 || event.type === 'ledger.key_rotated') {
      const key = this.currentLedgerKey();
      if (key) this.ledgerKeys.push(key);
    }
  }

  private rememberRotatedKey(event: RecordedEvent): void {
    const body = (event.statement.body ?? {}) as { principalId?: unknown; agentId?: unknown };
    const subject =
      event.type === 'ledger.key_rotated' ? this.state.ledger?.principalId : String(body.principalId ?? body.agentId ?? '');
    if (subject === undefined) return;
    const old = (this.view.principal(subject) ?? this.view.agent(subject))?.key.checked;
    if (old === undefined) return;
    const list = this.pastKeys.get(subject);
    if (list === undefined) this.pastKeys.set(subject, [old]);
    else list.push(old);
  }

  private checkTrusted(trusted: TrustedCheckpoint): void {
    const keys: NoteVerifierKey[] = [];
    const candidates = this.options.key ? [this.options.key.publicKey] : this.ledgerKeys;
    for (const key of candidates) {
      const origin = this.options.key?.origin ?? trusted.origin;
      const vkey = origin === undefined ? undefined : noteVerifierKey(origin, key);
      if (vkey?.ok) keys.push(vkey.value);
    }
    const f = trusted.judge(keys, this.roots.size);
    if (f) this.report(f);
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
