// Splitting a signed note into its text and signature lines, without verifying
// anything (c2sp.org/signed-note, "Format"). openNote verifies; this is the syntax.
import { err, ok, problem, type Result } from '../../errors/problem';
import { bytesToHex, fromBase64 } from '../bytes';
import { decodeNoteBytes, isNoteText, isValidKeyName, MAX_NOTE_SIGNATURES, SIGNATURE_LINE_PREFIX } from './note-syntax';

/** One signature line: `— <name> base64(keyID[4] || signature)`. */
export interface NoteSignature {
  readonly name: string;
  /** Lowercase hex of the 4-byte key ID. */
  readonly keyId: string;
  /** The signature bytes after the key ID. */
  readonly signature: Uint8Array;
  /** The base64 field exactly as written, to recognise repeated lines. */
  readonly base64: string;
}

export interface ParsedNote {
  /** The signed text, ending in its final newline (the blank line excluded). */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

const malformed = (message: string, path = '') => err(problem('note.malformed', message, path));

/**
 * Parses an attacker-controlled note. Bytes must be valid UTF-8; a string must be well
 * formed. The text ends at the last blank line, so it may itself contain blank lines.
 */
export function parseNote(note: string | Uint8Array): Result<ParsedNote> {
  const decoded = typeof note === 'string' ? note : decodeNoteBytes(note);
  if (decoded === undefined || !isNoteText(decoded)) {
    return malformed('a note is UTF-8 without control characters other than newline');
  }
  const split = decoded.lastIndexOf('\n\n');
  if (split < 0) return malformed('a note has a blank line before its signatures');
  const block = decoded.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) return malformed('signature lines each end in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) return malformed(`a note carries at most ${MAX_NOTE_SIGNATURES} signatures`);
  const signatures: NoteSignature[] = [];
  for (const [i, line] of lines.entries()) {
    const signature = parseSignatureLine(line);
    if (signature === undefined) return malformed('not a signature line', `signatures[${i}]`);
    signatures.push(signature);
  }
  return ok({ text: decoded.slice(0, split + 1), signatures });
}

/** `— <name> <base64>`: the name runs to the first space, base64 carries 4 + n bytes (n >= 1). */
function parseSignatureLine(line: string): NoteSignature | undefined {
  if (!line.startsWith(SIGNATURE_LINE_PREFIX)) return undefined;
  const rest = line.slice(SIGNATURE_LINE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) return undefined;
  const name = rest.slice(0, space);
  const base64 = rest.slice(space + 1);
  const bytes = fromBase64(base64);
  if (!isValidKeyName(name) || bytes === undefined || bytes.length < 5) return undefined;
  return { name, keyId: bytesToHex(bytes.subarray(0, 4)), signature: bytes.slice(4), base64 };
}
