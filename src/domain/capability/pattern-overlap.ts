// Whether two resource patterns share at least one concrete resource. The MCP guard uses
// it to decide whether a tool whose resource is a template (`crm://customers/*`) can be
// reached at all under a credential's capabilities: a capability for
// `crm://customers/42` covers no template, yet one call of the tool would be allowed.
//
// Exact, like patternCovers: segments are literals, `*` (exactly one) and a trailing `**`
// (zero or more). A resource in both exists iff the schemes are equal, every position
// both patterns fix is compatible (equal literals, or a `*` on either side), and the
// lengths fit: two fixed lengths are equal; a fixed length is at least the other's
// prefix before its `**`. Two patterns ending in `**` then always meet (extend both
// with literals to the longer length; at least one segment, as every resource has). A
// pattern without `**` always has a segment: the parser refuses `erp://`.
import { parseResourcePattern, type ResourcePattern } from './resource-pattern';

const ONE = '*';

/** True if some concrete resource matches both patterns; false when either is malformed. */
export function patternsOverlap(a: string, b: string): boolean {
  const p = parseResourcePattern(a);
  const q = parseResourcePattern(b);
  if (!p.ok || !q.ok || p.pattern.scheme !== q.pattern.scheme) return false;
  return lengthsFit(p.pattern, q.pattern) && positionsFit(p.pattern.segments, q.pattern.segments);
}

function lengthsFit(p: ResourcePattern, q: ResourcePattern): boolean {
  const [m, n] = [p.segments.length, q.segments.length];
  if (!p.rest && !q.rest) return m === n;
  if (p.rest && !q.rest) return n >= m;
  if (!p.rest && q.rest) return m >= n;
  return true;
}

function positionsFit(a: readonly string[], b: readonly string[]): boolean {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    if (a[i] !== ONE && b[i] !== ONE && a[i] !== b[i]) return false;
  }
  return true;
}
