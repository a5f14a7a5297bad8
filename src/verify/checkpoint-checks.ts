// The verifier's checkpoint checks, against the roots the log's own events make as they
// stream past: each recorded checkpoint (the ledger's signature, the Merkle root and the
// state map root at its size), and once the whole log is read the checkpoints that came
// from outside the record (--checkpoint, an export's header).
import { LedgerStateMap, type LedgerState, type RecordedEvent } from '../domain';
import { bytesToHex, equalBytes } from '../integrity/bytes';
import { noteVerifierKey, openCheckpoint, stateRootOf, type Checkpoint, type NoteVerifierKey } from '../integrity/checkpoint';
import type { PublicKey } from '../integrity/ed25519';
import { nodeVerifier } from '../integrity/ed25519/node-verifier';
import type { Statement } from '../integrity/statement';
import { finding, findingOf, type Finding } from './findings';
import { RootWindow } from './root-window';
import { StateWindow } from './state-window';
import { originOf, TrustedCheckpoint } from './trusted-checkpoint';
import type { TrustedKey } from './trusted-key';

/** Where the checkpoints from outside the record come from (see VerifyOptions). */
export interface OutsideCheckpoints {
  readonly key?: TrustedKey;
  readonly trustedCheckpoint?: string;
  readonly carriedCheckpoints?: readonly string[];
}

const LEAF_INPUT = Buffer.alloc(32);

export class CheckpointChecks {
  private readonly roots = new RootWindow();
  private readonly stateMap = new LedgerStateMap();
  private readonly states = new StateWindow(this.stateMap.map);
  private readonly trusted: TrustedCheckpoint | undefined;
  private readonly carried: TrustedCheckpoint[];
  /** Recorded checkpoints that verified. */
  verified = 0;

  constructor(
    private readonly options: OutsideCheckpoints,
    private readonly report: (f: Finding) => void,
  ) {
    this.trusted = options.trustedCheckpoint === undefined ? undefined : new TrustedCheckpoint(options.trustedCheckpoint);
    this.carried = (options.carriedCheckpoints ?? []).map((note) => new TrustedCheckpoint(note));
  }

  /** Merkle root (hex) over the events read. */
  get rootHash(): string {
    return bytesToHex(this.roots.root());
  }

  get trustedOutcome(): TrustedCheckpoint['outcome'] {
    return this.trusted?.outcome;
  }

  /** Appends the event's leaf, before its event is checked. */
  leaf(envelopeHash: string): void {
    // The leaf input is copied by the Merkle hashing, so one buffer serves every event.
    LEAF_INPUT.write(envelopeHash, 'hex');
    this.roots.append(LEAF_INPUT);
    for (const cp of this.carried) if (cp.size === this.roots.size) cp.rootSeen(this.roots.root());
    if (this.trusted?.size === this.roots.size) this.trusted.rootSeen(this.roots.root());
  }

  /** Takes the event's change to the state map (it throws what the fold would). */
  fold(state: LedgerState, event: RecordedEvent): void {
    this.stateMap.afterEvent(state, event, (key, value) => this.states.changed(event.position + 1, key, value));
  }

  /** After the event at `position` was checked (and folded, unless it was refused). */
  checked(position: number): void {
    for (const cp of this.carried) if (cp.size === position + 1) cp.stateSeen(this.stateMap.rootHash());
    if (this.trusted?.size === position + 1) this.trusted.stateSeen(this.stateMap.rootHash());
  }

  /** A valid `checkpoint.recorded` statement, signed with `ledgerKey` (the ledger's key at that point). */
  recorded(position: number, statement: Statement, ledgerKey: PublicKey | undefined): void {
    const body = statement.body as { treeSize: number; rootHash: string; note: string };
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
      this.verified++;
    }
  }

  /**
   * Once the whole log was read: the checkpoints from outside the record, signed with
   * the trusted key or else one of the ledger's keys (`ledgerKeys`, in the log's order).
   */
  judgeOutside(ledgerKeys: readonly PublicKey[], stopped: () => boolean): void {
    if (!stopped()) for (const cp of this.carried) this.checkTrusted(cp, ledgerKeys);
    if (this.trusted && !stopped()) this.checkTrusted(this.trusted, ledgerKeys);
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

  private checkTrusted(trusted: TrustedCheckpoint, ledgerKeys: readonly PublicKey[]): void {
    const keys: NoteVerifierKey[] = [];
    const candidates = this.options.key ? [this.options.key.publicKey] : ledgerKeys;
    for (const key of candidates) {
      const origin = this.options.key?.origin ?? trusted.origin;
      const vkey = origin === undefined ? undefined : noteVerifierKey(origin, key);
      if (vkey?.ok) keys.push(vkey.value);
    }
    const f = trusted.judge(keys, this.roots.size);
    if (f) this.report(f);
  }
}
