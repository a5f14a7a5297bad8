// The verifier hashes a canonical stored text directly and takes the statement's text
// from it; any text it cannot prove canonical goes the general way. Both ways must give
// the verdict canonicalize gives.
import fc from 'fast-check';
import { computeEnvelopeHash, encodeEnvelope, sealAndEncode, type UnsealedEnvelope } from '../integrity/envelope';
import { canonicalize, type JsonValue } from '../integrity/jcs';
import { encodeStatement } from '../integrity/statement';
import { streamRevision } from '../integrity/brands';
import { hashMatches, isCanonicalText, readStored, statementText } from './stored-envelope';

const unsealed = (body: unknown, result?: unknown): UnsealedEnvelope => ({
  v: 1,
  stream: 'agent-a1',
  revision: streamRevision(0),
  prevHash: '0'.repeat(64),
  recordedAt: '2026-11-24T10:00:00.000Z',
  type: 'agent.provisioned',
  statement: { v: 1, ledgerId: 'l', type: 'agent.provisioned', actor: 'h1', nonce: 'n-1', issuedAt: '2026-11-24T10:00:00.000Z', body },
  signature: 'c2ln',
  ...(result === undefined ? {} : { result }),
});

function read(text: string) {
  const stored = readStored(text);
  if (!stored.ok) throw new Error(stored.problems[0].message);
  return stored.value;
}

test('a sealed envelope as stored takes the fast path, with the same hash and statement text', () => {
  const { envelope, text } = sealAndEncode(unsealed({ name: 'é "x" \n', n: [1, 2.5, -3e-7], deep: { b: null, a: true } }, { ok: 1 }));
  const stored = read(text);
  expect(stored.canonical).toBe(true);
  expect(hashMatches(stored, text)).toBe(true);
  expect(statementText(stored)).toBe(encodeStatement(envelope.statement));
  expect(text).toBe(encodeEnvelope(envelope));
});

test('a forged hash is refused on the fast path as on the general one', () => {
  const { text } = sealAndEncode(unsealed({ a: 1 }));
  const forged = text.replace(/"hash":"[0-9a-f]/, '"hash":"f').replace(/"hash":"ff/, '"hash":"0f');
  expect(forged).not.toBe(text);
  const stored = read(forged);
  expect(stored.canonical).toBe(true);
  expect(hashMatches(stored, forged)).toBe(false);
  expect(computeEnvelopeHash(stored.envelope) === stored.envelope.hash).toBe(false);
});

test.each([
  ['whitespace', (t: string) => t.replace('"v":1}', '"v": 1}')],
  ['members out of order', (t: string) => t.replace('"type":"agent.provisioned","v":1}', '"v":1,"type":"agent.provisioned"}')],
  ['an escaped solidus', (t: string) => t.replace('agent-a1', 'agent\\/a1')],
  ['an escaped letter', (t: string) => t.replace('agent-a1', 'agent-\\u0061\\u0031')],
  ['a number written long', (t: string) => t.replace('"revision":0', '"revision":0.0')],
  ['an escaped lone surrogate', (t: string) => t.replace('"a":1', '"a":"\\ud800"')],
])('text with %s is not taken as canonical, and the general path judges it', (_, change) => {
  const { text } = sealAndEncode(unsealed({ a: 1 }));
  const changed = change(text);
  expect(changed).not.toBe(text);
  const stored = read(changed);
  expect(stored.canonical).toBe(false);
  let general: boolean | 'throws';
  try {
    general = computeEnvelopeHash(stored.envelope) === stored.envelope.hash;
  } catch {
    general = 'throws';
  }
  let fast: boolean | 'throws';
  try {
    fast = hashMatches(stored, changed);
  } catch {
    fast = 'throws';
  }
  expect(fast).toBe(general);
});

test('texts taken as canonical are exactly the canonical ones (random JSON, random spellings)', () => {
  const spellings = fc.jsonValue({ maxDepth: 4 }).map((v) => ({ value: v as JsonValue, texts: [JSON.stringify(v), JSON.stringify(v, null, 1)] }));
  fc.assert(
    fc.property(spellings, ({ value, texts }) => {
      let canonical: string;
      try {
        canonical = canonicalize(value);
      } catch {
        return; // no canonical form (a lone surrogate)
      }
      // Complete but for integer-like names, which V8 orders numerically (the general path takes those).
      if (!/"(0|[1-9][0-9]*)":/.test(canonical)) expect(isCanonicalText(JSON.parse(canonical), canonical)).toBe(true);
      // Sound: a text taken as canonical is the canonical text.
      for (const text of [canonical, ...texts]) if (isCanonicalText(JSON.parse(text), text)) expect(text).toBe(canonicalize(JSON.parse(text) as JsonValue));
    }),
    { numRuns: 500 },
  );
});

test('names sorted by UTF-16 code units, integer-like names and nesting beyond the limit', () => {
  expect(isCanonicalText({ '10': 0, '9': 0 }, '{"10":0,"9":0}')).toBe(false); // property order differs from the text
  expect(isCanonicalText({ a: 0, b: 0 }, '{"a":0,"b":0}')).toBe(true);
  expect(isCanonicalText({ b: 0, a: 0 }, '{"b":0,"a":0}')).toBe(false);
  let deep: unknown = 0;
  for (let i = 0; i < 600; i++) deep = [deep];
  const text = JSON.stringify(deep);
  expect(isCanonicalText(JSON.parse(text), text)).toBe(false);
});
