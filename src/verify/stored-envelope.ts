// Reading one stored envelope with as little work per event as its text allows.
//
// The service stores each envelope as its RFC 8785 text, with `hash` first (it sorts
// before every other field), so the hashed text is the stored text minus its hash
// member, and the statement's canonical text is a piece of it. When the stored text
// is canonical, hashing it directly and taking the statement's text from the parsed
// value are exactly what canonicalizing again would give, for a fraction of the cost.
// Whether the text is canonical is decided cheaply and conservatively: any doubt takes
// the general path (canonicalize the parsed value), whose verdict is the reference.
import { hash as nodeHash } from 'node:crypto';
import { err, ok, type Result } from '../errors/problem';
import { computeEnvelopeHash, envelopeFromJson, parseEnvelope, type Envelope } from '../integrity/envelope';
import { JSON_MAX_DEPTH } from '../integrity/jcs/types';
import { encodeStatement } from '../integrity/statement';

/** `{"hash":"` + 64 hex characters + `",`: what the stored text has before the hashed members. */
const HASH_MEMBER_LENGTH = 9 + 64 + 2;

export interface StoredEnvelope {
  readonly envelope: Envelope;
  /** True when the stored text is the canonical form of the envelope (the fast path applies). */
  readonly canonical: boolean;
}

/**
 * Parses stored text (attacker-controlled in an export). The native parser is used for
 * speed: what it accepts that the strict one refuses (duplicate names, lone surrogates,
 * out-of-range numbers) either has no canonical form, and hashing it throws, or has one,
 * and the hash check then judges the value it denotes, which is what the hash covers.
 * Text the native parser refuses goes through the strict one for a precise reason.
 */
export function readStored(text: string): Result<StoredEnvelope> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const strict = parseEnvelope(text);
    return strict.ok ? ok({ envelope: strict.value, canonical: false }) : strict;
  }
  const parsed = envelopeFromJson(value as Parameters<typeof envelopeFromJson>[0]);
  if (!parsed.ok) return err(parsed.problems[0], ...parsed.problems.slice(1));
  return ok({ envelope: parsed.value, canonical: isCanonicalText(parsed.value, text) });
}

/**
 * True only if `text` is the RFC 8785 form of `value` (which JSON.parse made from it).
 * JSON.stringify writes strings and numbers exactly as RFC 8785 does and members in
 * property order; so equal texts plus sorted names in every object make the text
 * canonical. Two differences are excluded first: JSON.stringify escapes a lone
 * surrogate (`\udxxx`) where RFC 8785 has no form at all, and canonicalize refuses
 * nesting deeper than JSON_MAX_DEPTH. False negatives only cost the general path.
 */
export function isCanonicalText(value: unknown, text: string): boolean {
  return !text.includes('\\ud') && JSON.stringify(value) === text && namesSorted(value, 0);
}

function namesSorted(v: unknown, depth: number): boolean {
  if (typeof v !== 'object' || v === null) return true;
  if (depth >= JSON_MAX_DEPTH) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!namesSorted(v[i], depth + 1)) return false;
    return true;
  }
  const o = v as Readonly<Record<string, unknown>>;
  // Object.keys rather than for-in: several times faster here, and the same order.
  const names = Object.keys(o);
  for (let i = 0; i < names.length; i++) {
    // RFC 8785 orders names by UTF-16 code units, which is what `<` compares.
    if (i > 0 && !(names[i - 1]! < names[i]!)) return false;
    if (!namesSorted(o[names[i]!], depth + 1)) return false;
  }
  return true;
}

/**
 * Whether the envelope's `hash` is SHA-256 of its canonical form without `hash`. Throws
 * (as canonicalize does) when the envelope has no canonical form.
 */
export function hashMatches(stored: StoredEnvelope, text: string): boolean {
  const { envelope } = stored;
  if (!stored.canonical) return computeEnvelopeHash(envelope) === envelope.hash;
  // Canonical text with `hash` first: the hashed text is the rest of the object. The
  // text is encoded into a reused buffer and the `,` before the rest becomes its `{`
  // (the hash member is ASCII, so characters and bytes line up).
  if (scratch.length < text.length * 3) scratch = Buffer.allocUnsafe(text.length * 6);
  const end = scratch.write(text, 0, 'utf8');
  scratch[HASH_MEMBER_LENGTH - 1] = OPEN_BRACE;
  return nodeHash('sha256', scratch.subarray(HASH_MEMBER_LENGTH - 1, end), 'hex') === envelope.hash;
}

const OPEN_BRACE = 0x7b;
let scratch = Buffer.allocUnsafe(1 << 16);

/** The statement's canonical text (what its actor signed). Throws if it has none. */
export function statementText(stored: StoredEnvelope): string {
  // A member of a canonical text is written canonically inside it.
  return stored.canonical ? JSON.stringify(stored.envelope.statement) : encodeStatement(stored.envelope.statement);
}
