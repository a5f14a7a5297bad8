// A checkpoint the reader kept from an earlier look at the log (or got from a witness):
// the log must still contain it, with the same root at that size. A shorter log was cut
// back; a different root means the history was rewritten (forked) at or before that size.
import { bytesToHex, equalBytes } from '../integrity/bytes';
import { openCheckpoint, parseCheckpoint, parseNote, stateRootOf, type NoteVerifierKey } from '../integrity/checkpoint';
import { nodeVerifier } from '../integrity/ed25519/node-verifier';
import { finding, findingOf, type Finding } from './findings';

export class TrustedCheckpoint {
  /** Size named by the note, read before its signature is checked only to know when to take the root. */
  readonly size: number | undefined;
  readonly origin: string | undefined;
  private root: Uint8Array | undefined;
  private state: Uint8Array | undefined;
  outcome: { size: number; rootHash: string; contained: boolean } | undefined;

  constructor(private readonly note: string) {
    const parsed = parseNote(note);
    const body = parsed.ok ? parseCheckpoint(parsed.value.text) : undefined;
    this.size = body?.ok ? body.value.size : undefined;
    this.origin = originOf(note);
  }

  rootSeen(root: Uint8Array): void {
    this.root = root;
  }

  /** The state map root once the events up to the checkpoint's size were folded. */
  stateSeen(root: Uint8Array): void {
    this.state = root;
  }

  /** Judged once the whole log was read (logSize events). */
  judge(keys: readonly NoteVerifierKey[], logSize: number): Finding | undefined {
    const opened = openCheckpoint(this.note, keys, { ...(this.origin ? { expectedOrigin: this.origin } : {}), verifier: nodeVerifier });
    if (!opened.ok) return findingOf(0, opened.problems[0], 'checkpoint');
    const cp = opened.value.checkpoint;
    const rootHash = bytesToHex(cp.rootHash);
    if (cp.size === 0) {
      this.outcome = { size: 0, rootHash, contained: true };
      return undefined;
    }
    if (logSize < cp.size) {
      this.outcome = { size: cp.size, rootHash, contained: false };
      return finding(logSize, 'verify.log_truncated', `the log ends at ${logSize} events; the trusted checkpoint covers ${cp.size}`);
    }
    const contained = this.root !== undefined && equalBytes(this.root, cp.rootHash);
    this.outcome = { size: cp.size, rootHash, contained };
    if (contained) return this.stateProblem(cp.size, stateRootOf(cp));
    return finding(cp.size - 1, 'verify.log_forked', `the log's root at size ${cp.size} differs from the trusted checkpoint: history rewritten at or before position ${cp.size - 1}`);
  }

  private stateProblem(size: number, claimed: Uint8Array | undefined | 'malformed'): Finding | undefined {
    if (claimed === undefined || (claimed !== 'malformed' && this.state !== undefined && equalBytes(claimed, this.state))) return undefined;
    return finding(size - 1, 'verify.state_mismatch', `the checkpoint of size ${size} is signed, but its state root is not the state map's root at that size`, 'checkpoint');
  }
}

/** The first line of a note: its origin (read only to pick the key; verified after). */
export function originOf(note: unknown): string | undefined {
  if (typeof note !== 'string') return undefined;
  const end = note.indexOf('\n');
  return end > 0 ? note.slice(0, end) : undefined;
}
