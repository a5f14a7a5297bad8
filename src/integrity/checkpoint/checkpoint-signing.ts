// Signed checkpoints: a checkpoint body inside a signed note. The ledger signs with its
// own key named by the origin; a verifier opens the note with the keys it trusts, and
// only then reads the body (C2SP: the text must be ignored until a signature verifies).
import { err, ok, problem, type Result } from '../../errors/problem';
import { nobleVerifier, type Ed25519Verifier } from '../ed25519';
import { formatCheckpoint, parseCheckpoint, ROOT_HASH_BYTES, type Checkpoint, type CheckpointFields } from './checkpoint-text';
import type { AnyNoteSigner, NoteVerifierKey } from './note-keys';
import { openNote } from './note-open';
import { signNote } from './note-sign';

export interface OpenCheckpointOptions {
  /**
   * The origin the caller expects. Leave it out only when each trusted key signs for
   * one log; otherwise a checkpoint of one log could be taken for another's.
   */
  readonly expectedOrigin?: string;
  /** Ed25519 path; the portable noble verifier unless the server passes its own. */
  readonly verifier?: Ed25519Verifier;
}

export interface OpenedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** The signed note text, exactly as verified. */
  readonly text: string;
  /** `<name>+<hex key ID>` of each trusted key that signed it. */
  readonly verifiedBy: readonly string[];
  /** `<name>+<hex key ID>` of ignored signatures by keys not trusted here (witnesses, old keys). */
  readonly unknown: readonly string[];
}

/**
 * Formats and signs a checkpoint. Unlike formatCheckpoint it requires a 32-byte root,
 * so the ledger never signs a checkpoint that parseCheckpoint would refuse.
 */
export function signCheckpoint(cp: CheckpointFields, signer: AnyNoteSigner): Result<string> {
  if (cp.rootHash.length !== ROOT_HASH_BYTES) {
    return err(problem('checkpoint.malformed', 'the root hash is 32 bytes', 'rootHash'));
  }
  const text = formatCheckpoint(cp);
  return text.ok ? signNote(text.value, [signer]) : text;
}

/** Verifies an attacker-controlled checkpoint note, then parses and checks its body. */
export function openCheckpoint(
  note: string | Uint8Array,
  keys: readonly NoteVerifierKey[],
  options: OpenCheckpointOptions = {},
): Result<OpenedCheckpoint> {
  const opened = openNote(note, keys, options.verifier ?? nobleVerifier);
  if (!opened.ok) return opened;
  const checkpoint = parseCheckpoint(opened.value.text);
  if (!checkpoint.ok) return checkpoint;
  const { expectedOrigin } = options;
  if (expectedOrigin !== undefined && checkpoint.value.origin !== expectedOrigin) {
    return err(
      problem('checkpoint.origin_mismatch', `the checkpoint is for ${checkpoint.value.origin}, not ${expectedOrigin}`, 'origin', {
        origin: checkpoint.value.origin,
        expectedOrigin,
      }),
    );
  }
  return ok({ checkpoint: checkpoint.value, ...opened.value });
}
