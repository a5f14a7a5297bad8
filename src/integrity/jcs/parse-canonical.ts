// What the API accepts: JSON text that is already in RFC 8785 canonical form. Signers
// sign the canonical bytes, so refusing any other spelling means the stored text is the
// signed text, byte for byte, and no two texts carry the same statement.
import { err, problem, type Result } from '../../errors/problem';
import { canonicalize } from './canonicalize';
import { parseJson } from './parse-json';
import type { JsonValue } from './types';

/**
 * Parses `text` strictly (parseJson), then refuses it with `json.not_canonical` unless it
 * is exactly the canonical text of the value it denotes; `details.offset` is the UTF-16
 * code unit index of the first character that differs from the canonical form (the text's
 * length if the text stops early). Input is attacker-controlled.
 */
export function parseCanonical(text: string): Result<JsonValue> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  // Cannot throw: parseJson only yields values that have a JSON form, at a depth
  // canonicalize also accepts.
  const canonical = canonicalize(parsed.value);
  if (canonical === text) return parsed;
  const offset = firstDifference(canonical, text);
  const message = `not in RFC 8785 canonical form (first difference at offset ${offset})`;
  return err(problem('json.not_canonical', message, '', { offset }));
}

function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
