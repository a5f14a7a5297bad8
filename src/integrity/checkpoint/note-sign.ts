// Signing a note: the text (with its final newline), a blank line, then one signature
// line per signer. Ed25519 is deterministic, so the output is reproducible byte for byte.
import { err, ok, problem, type Result } from '../../errors/problem';
import { concatBytes, hexToBytes, toBase64, utf8ToBytes } from '../bytes';
import { sign } from '../ed25519';
import { noteKeyId, signerPublicKey, type AnyNoteSigner } from './note-keys';
import { isNoteText, MAX_NOTE_SIGNATURES, SIGNATURE_LINE_PREFIX } from './note-syntax';

/**
 * Signs `text` with each signer. The text must end in a newline and be note text (no
 * control characters other than newline), so that openNote reads back exactly it.
 */
export function signNote(text: string, signers: readonly AnyNoteSigner[]): Result<string> {
  if (!text.endsWith('\n') || !isNoteText(text)) {
    return err(problem('note.malformed', 'note text ends in a newline and has no other control characters'));
  }
  if (signers.length === 0 || signers.length > MAX_NOTE_SIGNATURES) {
    return err(problem('note.malformed', `a note carries 1 to ${MAX_NOTE_SIGNATURES} signatures`));
  }
  const message = utf8ToBytes(text);
  let lines = '';
  for (const signer of signers) {
    const line = signatureLine(signer, message);
    if (!line.ok) return line;
    lines += line.value;
  }
  return ok(`${text}\n${lines}`);
}

function signatureLine(signer: AnyNoteSigner, message: Uint8Array): Result<string> {
  const publicKey = 'sign' in signer ? ok(signer.publicKey) : signerPublicKey(signer);
  if (!publicKey.ok) return publicKey;
  const keyId = hexToBytes(noteKeyId(signer.name, publicKey.value));
  const signature = 'sign' in signer ? signer.sign(message) : sign(signer.seed, message);
  return ok(`${SIGNATURE_LINE_PREFIX}${signer.name} ${toBase64(concatBytes(keyId, signature))}\n`);
}
