// Resource patterns: which resources a capability reaches, and when one pattern is
// no wider than another.
//
// Syntax: `scheme://seg/seg/...`
// - The scheme is an RFC 3986 scheme in lowercase, `[a-z][a-z0-9+.-]*`, compared
//   exactly. Uppercase is refused rather than folded, so a resource has one spelling.
// - At least one segment, and no empty ones (`erp://`, `erp://po/`, `erp://po//1` are
//   refused): an empty segment would be a second spelling of a shorter path.
// - A segment is a literal, `*` (exactly one segment) or, as the last segment only,
//   `**` (zero or more remaining segments). `*` inside a literal (`po*`) is refused:
//   wildcards are whole segments, so matching and coverage stay exact.
// - Literals use RFC 3986 path characters without `%` and `*`: letters, digits and
//   `-._~!$&'()+,;=:@`. Percent-encoding and the dot segments `.` and `..` are refused,
//   because a resource server that decodes or normalizes paths would otherwise act on a
//   different resource than the one the ledger matched.
// - A concrete resource (what a request names) is a pattern without wildcards.
//
// `**` matches zero segments too: `erp://po/**` matches `erp://po` itself (the
// collection and everything under it), and so covers the pattern `erp://po`.
// `erp://**` matches every resource of its scheme; since every resource has at least
// one segment, `erp://**` and `erp://*/**` match the same resources and cover each other.
//
// Coverage is exact, not sampled: `parent` covers `child` iff every concrete resource
// that `child` matches, `parent` matches too. See `parsedCovers` for why the segment-wise
// algorithm decides exactly that.
import { CAPABILITY_LIMITS } from './capability.types';

export interface ResourcePattern {
  readonly scheme: string;
  /** Literal segments and `*`, in order, without a trailing `**`. */
  readonly segments: readonly string[];
  /** True when the pattern ends in `**`. */
  readonly rest: boolean;
}

export type PatternParse =
  | { readonly ok: true; readonly pattern: ResourcePattern }
  | { readonly ok: false; readonly reason: string };

const SCHEME = /^[a-z][a-z0-9+.-]*$/;
const LITERAL = /^[A-Za-z0-9\-._~!$&'()+,;=:@]+$/;
const ONE = '*';
const REST = '**';

const fail = (reason: string): PatternParse => ({ ok: false, reason });

/** Parses untrusted pattern text; the reason says what is wrong, for error messages. */
export function parseResourcePattern(text: string): PatternParse {
  const cached = parsedPatterns.get(text);
  if (cached !== undefined) return cached;
  const parsed = parseUncached(text);
  // Bounded: a flood of distinct resources (attacker-chosen request text) cannot grow it.
  if (parsedPatterns.size >= PATTERN_CACHE_SIZE) parsedPatterns.clear();
  parsedPatterns.set(text, parsed);
  return parsed;
}

/**
 * Decisions match the same few patterns and resources over and over (every hop of every
 * chain, on every request); parsing them once halves the cost of a decision. Parsed
 * patterns are immutable values, so sharing them is safe; the cache is a memo, not
 * state: the answer for a text never changes.
 */
const PATTERN_CACHE_SIZE = 10_000;
const parsedPatterns = new Map<string, PatternParse>();

function parseUncached(text: string): PatternParse {
  if (text.length > CAPABILITY_LIMITS.maxResourceLength) {
    return fail(`a resource is at most ${CAPABILITY_LIMITS.maxResourceLength} characters`);
  }
  const at = text.indexOf('://');
  if (at < 0) return fail('a resource is written scheme://segment/segment/...');
  const scheme = text.slice(0, at);
  if (!SCHEME.test(scheme)) return fail(`scheme "${scheme}" is not lowercase [a-z][a-z0-9+.-]*`);
  const path = text.slice(at + 3);
  if (path === '') return fail('a resource needs at least one path segment');
  return parseSegments(scheme, path.split('/'));
}

function parseSegments(scheme: string, parts: readonly string[]): PatternParse {
  const segments: string[] = [];
  for (const [i, part] of parts.entries()) {
    if (part === REST) {
      if (i !== parts.length - 1) return fail('** may only be the last segment');
      return { ok: true, pattern: { scheme, segments, rest: true } };
    }
    const reason = segmentProblem(part);
    if (reason !== undefined) return fail(`segment ${i + 1}: ${reason}`);
    segments.push(part);
  }
  return { ok: true, pattern: { scheme, segments, rest: false } };
}

function segmentProblem(part: string): string | undefined {
  if (part === '') return 'empty segment';
  if (part === ONE) return undefined;
  if (part.includes('*')) return 'a wildcard is a whole segment: * or a trailing **';
  if (part === '.' || part === '..') return 'dot segments are not allowed';
  if (!LITERAL.test(part)) return "only letters, digits and -._~!$&'()+,;=:@ are allowed";
  return undefined;
}

/** A concrete resource, or undefined when the text is malformed or has wildcards. */
export function parseConcreteResource(text: string): ResourcePattern | undefined {
  if (text === lastConcrete) return lastConcreteParsed;
  const parsed = parseUncached(text);
  lastConcreteParsed = !parsed.ok || parsed.pattern.rest || parsed.pattern.segments.includes(ONE) ? undefined : parsed.pattern;
  lastConcrete = text;
  return lastConcreteParsed;
}

// A request's resource is parsed when its body is read and again at every hop of its
// chain, and it is often new (one per order, file, record): the last one is kept here
// rather than in the patterns' cache, where each would push out patterns that recur.
let lastConcrete: string | undefined;
let lastConcreteParsed: ResourcePattern | undefined;

/** True if the pattern matches the concrete resource; false when either is malformed. */
export function matchesResource(pattern: string, resource: string): boolean {
  const p = parseResourcePattern(pattern);
  const r = parseConcreteResource(resource);
  if (!p.ok || r === undefined || p.pattern.scheme !== r.scheme) return false;
  const { segments, rest } = p.pattern;
  const lengthFits = rest ? r.segments.length >= segments.length : r.segments.length === segments.length;
  return lengthFits && segments.every((s, i) => s === ONE || s === r.segments[i]);
}

/** True if every resource `child` matches, `parent` matches; false when either is malformed. */
export function patternCovers(parent: string, child: string): boolean {
  const p = parseResourcePattern(parent);
  const c = parseResourcePattern(child);
  if (!p.ok || !c.ok || p.pattern.scheme !== c.pattern.scheme) return false;
  return parsedCovers(p.pattern, withoutEmptyPath(c.pattern));
}

/**
 * A bare `**` would match the empty path, which no resource has; as a child it is read
 * as `*` + `**`, which matches exactly the same resources. After this, the child's
 * matched set contains no empty path, so `parsedCovers` can reason over segments alone.
 */
function withoutEmptyPath(pattern: ResourcePattern): ResourcePattern {
  return pattern.rest && pattern.segments.length === 0 ? { ...pattern, segments: [ONE] } : pattern;
}

/**
 * Exact inclusion of matched sets. A pattern of n segments matches paths of length
 * exactly n (or >= n with `**`) whose i-th segment fits the i-th token, each position
 * independently. So the child's set lies in the parent's iff
 * - every length the child allows, the parent allows: without `**` the parent allows
 *   only n, so the child must have exactly n segments and no `**` (a child `**` reaches
 *   arbitrarily long paths); with `**` the child needs at least n segments;
 * - on each of the parent's n positions, the child's token is no wider: a parent `*`
 *   takes anything, a parent literal only the same literal (a child `*` also matches
 *   segments that differ from it, since literals are unbounded).
 * Child positions beyond n fall under the parent's `**`.
 */
function parsedCovers(parent: ResourcePattern, child: ResourcePattern): boolean {
  const n = parent.segments.length;
  if (child.segments.length < n) return false;
  if (!parent.rest && (child.rest || child.segments.length !== n)) return false;
  return parent.segments.every((token, i) => token === ONE || token === child.segments[i]);
}
