// Property tests: against RFC-literal references kept here (a canonicalizer built from
// JSON.stringify and an explicit UTF-16 comparison, and the round-trip rule computed
// with exact BigInt arithmetic), against JSON.parse, and round-trips.
import fc from 'fast-check';
import { canonicalize, parseCanonical, parseJson, type JsonObject, type JsonValue } from './index';

// ---------- arbitraries ----------

const trickyChar = fc.constantFrom(
  ...['"', '\\', '/', '\n', '\u0000', '\u001f', '\u007f', '\u2028', 'a', '\u00e9', '\u{1f600}'],
);
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: trickyChar, maxLength: 8 }),
);
const trickyName = fc.constantFrom(
  ...['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', '1', '10', '9', 'a', '\ufb33'],
);
const memberName = fc.oneof(text, trickyName);
const finiteNumber = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(-0, 0.1, 1e21, 1e-7, 5e-324, 2 ** 53, 1.7976931348623157e308),
);

const { json } = fc.letrec<{ json: JsonValue }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false),
    finiteNumber,
    text,
    fc.array(tie('json'), { maxLength: 5 }),
    fc
      .uniqueArray(fc.tuple(memberName, tie('json')), { selector: ([k]) => k, maxLength: 6 })
      // fromEntries defines own properties, so `__proto__` stays a member.
      .map((entries): JsonValue => Object.fromEntries(entries)),
  ),
}));

// ---------- references ----------

/** RFC 8785 section 3.2.3, literally: compare names as arrays of UTF-16 code units. */
function compareUtf16(a: string, b: string): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function referenceCanonicalize(v: JsonValue): string {
  if (Array.isArray(v)) return `[${v.map(referenceCanonicalize).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as JsonObject;
    const members = Object.keys(o).sort(compareUtf16);
    const written = members.map((k) => `${JSON.stringify(k)}:${referenceCanonicalize(o[k]!)}`);
    return `{${written.join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The exact value of a number token as n * 10^e. */
function exactValue(token: string): { n: bigint; e: number } {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(token);
  if (m === null) throw new Error(`not a number token: ${token}`);
  const fraction = m[3] ?? '';
  return { n: BigInt(`${m[1]}${m[2]}${fraction}`), e: Number(m[4] ?? 0) - fraction.length };
}

function referenceRoundTrips(token: string): boolean {
  const d = Number(token);
  if (!Number.isFinite(d)) return false;
  const a = exactValue(token);
  const b = exactValue(String(d));
  const e = Math.min(a.e, b.e);
  return a.n * 10n ** BigInt(a.e - e) === b.n * 10n ** BigInt(b.e - e);
}

/** The same value with every object's members inserted in another order. */
function reorder(v: JsonValue, shift: number): JsonValue {
  if (Array.isArray(v)) return v.map((x: JsonValue) => reorder(x, shift));
  if (v === null || typeof v !== 'object') return v;
  const entries = Object.entries(v as JsonObject).reverse();
  const k = entries.length === 0 ? 0 : shift % entries.length;
  const rotated = [...entries.slice(k), ...entries.slice(0, k)];
  return Object.fromEntries(rotated.map(([name, x]) => [name, reorder(x, shift)]));
}

// ---------- properties ----------

test('canonicalize agrees with the RFC-literal reference', () => {
  fc.assert(fc.property(json, (v) => expect(canonicalize(v)).toBe(referenceCanonicalize(v))));
});

test('the canonical text of any value is accepted by parseCanonical and reproduces itself', () => {
  fc.assert(
    fc.property(json, (v) => {
      const c = canonicalize(v);
      const parsed = parseCanonical(c);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(canonicalize(parsed.value)).toBe(c);
    }),
  );
});

test('member order and formatting never change the canonical form', () => {
  fc.assert(
    fc.property(json, fc.nat(), fc.constantFrom(undefined, 1, '\t', '\r\n'), (v, shift, indent) => {
      const pretty = JSON.stringify(reorder(v, shift), null, indent);
      const parsed = parseJson(pretty);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const c = canonicalize(parsed.value);
      expect(c).toBe(canonicalize(v));
      // Idempotent: canonicalizing what the canonical text parses to changes nothing.
      const again = parseJson(c);
      expect(again.ok && canonicalize(again.value)).toBe(c);
    }),
  );
});

test('every finite double is read back exactly from its canonical text', () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
      const parsed = parseCanonical(canonicalize(d));
      expect(parsed.ok && Object.is(parsed.value, d === 0 ? 0 : d)).toBe(true);
    }),
    { numRuns: 2000 },
  );
});

const digits = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength });
const integerPart = fc.oneof(
  fc.constant('0'),
  fc.tuple(fc.constantFrom(...'123456789'), digits(0, 24)).map(([a, b]) => a + b),
);
const fractionPart = fc.oneof(fc.constant(''), digits(1, 20).map((f) => `.${f}`));
const exponentPart = fc.oneof(
  fc.constant(''),
  fc
    .tuple(fc.constantFrom('e', 'E', 'e+', 'e-', 'E-'), fc.constantFrom('', '0', '00'), fc.nat(400))
    .map(([e, zeros, n]) => `${e}${zeros}${n}`),
);
/** Number tokens in the RFC 8259 grammar, many of them not exactly a double. */
const numberToken = fc
  .tuple(fc.constantFrom('', '-'), integerPart, fractionPart, exponentPart)
  .map((parts) => parts.join(''));

test('the round-trip rule for numbers matches exact BigInt arithmetic', () => {
  fc.assert(
    fc.property(fc.oneof(numberToken, finiteNumber.map(String)), (token) => {
      const parsed = parseJson(token);
      expect(parsed.ok).toBe(referenceRoundTrips(token));
      const d = Number(token);
      if (parsed.ok) expect(Object.is(parsed.value, d === 0 ? 0 : d)).toBe(true);
      else expect(parsed.problems[0].code).toBe('json.number_not_round_trip');
    }),
    { numRuns: 2000 },
  );
});

/** Valid JSON with one character deleted, replaced or inserted: mostly near-misses. */
const edit = fc.constantFrom(
  ...['', '{', '}', '[', ']', ',', ':', '"', '\\', '0', '-', '.', 'e', ' ', '\ud800', 'u'],
);
const nearlyJson = fc
  .tuple(json, fc.nat(), edit, fc.constantFrom(0, 1))
  .map(([v, at, ch, drop]) => {
    const t = JSON.stringify(v, null, 1);
    const i = at % (t.length + 1);
    return t.slice(0, i) + ch + t.slice(i + drop);
  });

test('the strict parser never throws, and never disagrees with JSON.parse about syntax', () => {
  fc.assert(
    fc.property(nearlyJson, (t) => {
      const parsed = parseJson(t);
      let loose: { value: unknown } | undefined;
      try {
        loose = { value: JSON.parse(t) };
      } catch {
        loose = undefined;
      }
      if (parsed.ok) {
        expect(loose && canonicalize(loose.value as JsonValue)).toBe(canonicalize(parsed.value));
        return;
      }
      if (parsed.problems[0].code === 'json.syntax') expect(loose).toBeUndefined();
      expect(parsed.problems[0].details?.['offset']).toBeLessThanOrEqual(t.length);
    }),
    { numRuns: 3000 },
  );
});
