// Opening a signed note: the text counts only if a trusted key signed it
// (c2sp.org/signed-note, "Signatures"). Signatures by keys we do not know (name and
// key ID not both matching) are ignored, which is what lets witnesses cosign and logs
// rotate keys. A known key whose signature fails refuses the whole note: it means the
// note was altered or the key misused, and either way the text is not to be trusted.
import { err, ok, problem, type Result } from '../../errors/problem';
import { equalBytes, utf8ToBytes } from '../bytes';
import { nobleVerifier, type Ed25519Verifier } from '../ed25519';
import { keyLabel, type NoteVerifierKey } from './note-keys';
import { parseNote, type NoteSignature } from './note-parse';

const ED25519_SIGNATURE_BYTES = 64;

export interface OpenedNote {
  /** The signed text, ending in its final newline. */
  readonly text: string;
  /** `<name>+<hex key ID>` of each known key whose signature verified, once each, in note order. */
  readonly verifiedBy: readonly string[];
  /** `<name>+<hex key ID>` of signatures that were ignored because the key is not known. */
  readonly unknown: readonly string[];
}

/**
 * Verifies an attacker-controlled note against trusted keys. `keys` is configuration:
 * two different keys under one name and key ID are refused as ambiguous.
 */
export function openNote(
  note: string | Uint8Array,
  keys: readonly NoteVerifierKey[],
  verifier: Ed25519Verifier = nobleVerifier,
): Result<OpenedNote> {
  const known = indexKeys(keys);
  if (!known.ok) return known;
  const parsed = parseNote(note);
  if (!parsed.ok) return parsed;
  const message = utf8ToBytes(parsed.value.text);
  const verified = new Set<string>();
  const unknown = new Set<string>();
  const verifiedLines = new Set<string>();
  for (const [i, signature] of parsed.value.signatures.entries()) {
    const label = keyLabel(signature.name, signature.keyId);
    const key = known.value.get(label);
    if (key === undefined) {
      unknown.add(label);
    } else if (!verifiedLines.has(`${label} ${signature.base64}`)) {
      if (!verifies(verifier, key, message, signature)) return badSignature(label, i);
      verifiedLines.add(`${label} ${signature.base64}`);
      verified.add(label);
    }
  }
  if (verified.size === 0) return err(problem('note.no_known_signature', 'no signature by a known key'));
  return ok({ text: parsed.value.text, verifiedBy: [...verified], unknown: [...unknown] });
}

// A repeated identical line by a known key is verified once: same bytes, same verdict.
function verifies(verifier: Ed25519Verifier, key: NoteVerifierKey, message: Uint8Array, signature: NoteSignature): boolean {
  return signature.signature.length === ED25519_SIGNATURE_BYTES && verifier.verify(key.publicKey, message, signature.signature);
}

function badSignature(label: string, index: number) {
  return err(problem('note.bad_signature', `the signature by ${label} does not verify`, `signatures[${index}]`, { key: label }));
}

function indexKeys(keys: readonly NoteVerifierKey[]): Result<ReadonlyMap<string, NoteVerifierKey>> {
  const byLabel = new Map<string, NoteVerifierKey>();
  for (const key of keys) {
    const label = keyLabel(key.name, key.keyId);
    const seen = byLabel.get(label);
    if (seen !== undefined && !equalBytes(seen.publicKey.bytes, key.publicKey.bytes)) {
      return err(problem('note.ambiguous_key', `two different keys are named ${label}`, '', { key: label }));
    }
    byLabel.set(label, key);
  }
  return ok(byLabel);
}
