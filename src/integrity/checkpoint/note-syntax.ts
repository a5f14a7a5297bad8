// Character-level rules of c2sp.org/signed-note, shared by signing, opening and the
// checkpoint body. Kept in one place so that the signer can never write a note the
// opener refuses.

/** Em dash (U+2014) and a space: how every signature line starts. */
export const SIGNATURE_LINE_PREFIX = '\u2014 ';

/**
 * Most signature lines a note may carry. C2SP requires accepting at least 16; x/mod
 * refuses more than 100, and so do we, before verifying any of them.
 */
export const MAX_NOTE_SIGNATURES = 100;

// ASCII controls other than newline, and lone surrogates (a JS string that holds one
// has no UTF-8 encoding, so it cannot be what anyone signed).
const FORBIDDEN_IN_NOTE = /[\x00-\x09\x0b-\x1f]|\p{Cs}/u;
// Key names: non-empty, no Unicode White_Space (as Go's unicode.IsSpace), no '+',
// and nothing a note may not contain.
const FORBIDDEN_IN_KEY_NAME = /[\p{White_Space}+\x00-\x1f]|\p{Cs}/u;

/** True when `text` may appear in a note: no control characters except `\n`, well formed. */
export function isNoteText(text: string): boolean {
  return !FORBIDDEN_IN_NOTE.test(text);
}

/** True when `name` may be a note key name (C2SP signed-note, "Format"). */
export function isValidKeyName(name: string): boolean {
  return name !== '' && !FORBIDDEN_IN_KEY_NAME.test(name);
}

/** True for one non-empty line of note text (no newline inside). */
export function isNoteLine(line: string): boolean {
  return line !== '' && !line.includes('\n') && isNoteText(line);
}

// ignoreBOM: a leading U+FEFF is part of the signed bytes; the default decoder would
// silently drop it, so two different byte strings would open as the same note.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes attacker-controlled bytes as UTF-8, or undefined if they are not valid UTF-8. */
export function decodeNoteBytes(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
