import fc from 'fast-check';
import { streamRevision } from '../brands';
import { checkChain, encodeEnvelope, parseEnvelope, sealEnvelope, GENESIS_PREV_HASH, type Envelope } from '.';

const STREAM = 'delegation-0192b3c4-aaaa-7bbb-8ccc-000000000001';

function buildChain(bodies: readonly string[]): Envelope[] {
  const chain: Envelope[] = [];
  bodies.forEach((purpose, i) => {
    chain.push(
      sealEnvelope({
        v: 1,
        stream: STREAM,
        revision: streamRevision(i),
        prevHash: i === 0 ? GENESIS_PREV_HASH : chain[i - 1]!.hash,
        recordedAt: new Date(Date.UTC(2026, 10, 24, 10, 0, i)).toISOString(),
        type: 'delegation.granted',
        statement: {
          v: 1,
          ledgerId: 'ledger-1',
          type: 'delegation.granted',
          actor: 'human-1',
          nonce: `nonce-000${i}`,
          issuedAt: '2026-11-24T10:00:00.000Z',
          body: { purpose, amount: i * 1.5 },
        },
        signature: 'c2lnbmF0dXJl',
      }),
    );
  });
  return chain;
}

const chains = fc.array(fc.string({ maxLength: 12 }), { minLength: 2, maxLength: 8 }).map(buildChain);

test('a sealed chain checks, and survives encoding and parsing', () => {
  const chain = buildChain(['a', 'b', 'c']);
  expect(checkChain(STREAM, chain)).toBeUndefined();
  const reparsed = chain.map((e) => parseEnvelope(encodeEnvelope(e)));
  expect(reparsed.every((r) => r.ok)).toBe(true);
  expect(checkChain(STREAM, reparsed.map((r) => (r.ok ? r.value : chain[0]!)))).toBeUndefined();
});

test('any flipped byte of a stored envelope is caught at that envelope', () => {
  fc.assert(
    fc.property(chains, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), (chain, pick, offset, mask) => {
      const i = pick % chain.length;
      const text = encodeEnvelope(chain[i]!);
      const bytes = new TextEncoder().encode(text);
      bytes[offset % bytes.length]! ^= mask;
      let flipped: string;
      try {
        flipped = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        return; // not UTF-8 any more: refused before any JSON is read
      }
      const parsed = parseEnvelope(flipped);
      if (!parsed.ok) return; // refused as malformed
      const damaged = chain.map((e, j) => (j === i ? parsed.value : e));
      expect(checkChain(STREAM, damaged)?.index).toBe(i);
    }),
  );
});

test('a dropped envelope is caught where the gap is, and named', () => {
  fc.assert(
    fc.property(chains, fc.nat(), (chain, pick) => {
      const i = pick % (chain.length - 1); // dropping the tail needs a checkpoint (see merkle)
      const damaged = chain.filter((_, j) => j !== i);
      const broken = checkChain(STREAM, damaged);
      expect(broken).toEqual({ index: i, problem: expect.objectContaining({ code: 'envelope.revision_gap' }) });
    }),
  );
});

test('swapped or reordered envelopes are caught at the first moved one', () => {
  fc.assert(
    fc.property(chains, fc.nat(), fc.nat(), (chain, a, b) => {
      const i = a % chain.length;
      const j = b % chain.length;
      fc.pre(i !== j);
      const damaged = [...chain];
      [damaged[i], damaged[j]] = [damaged[j]!, damaged[i]!];
      expect(checkChain(STREAM, damaged)).toEqual({
        index: Math.min(i, j),
        problem: expect.objectContaining({ code: 'envelope.revision_gap' }),
      });
    }),
  );
});

test('a re-sealed envelope with a forged link is caught as a broken link', () => {
  const chain = buildChain(['a', 'b', 'c']);
  const { hash: _h, ...second } = chain[1]!;
  const forged = sealEnvelope({ ...second, prevHash: 'f'.repeat(64) });
  expect(checkChain(STREAM, [chain[0]!, forged, chain[2]!])).toEqual({
    index: 1,
    problem: expect.objectContaining({ code: 'envelope.bad_prev_hash' }),
  });
});

test('an envelope from another stream is named as such', () => {
  const chain = buildChain(['a']);
  expect(checkChain('delegation-other', chain)?.problem.code).toBe('envelope.wrong_stream');
});

test('the hash covers the result the ledger derived', () => {
  const [first] = buildChain(['a']);
  const tampered = { ...first!, result: { outcome: 'allowed' } };
  expect(checkChain(STREAM, [tampered])?.problem.code).toBe('envelope.bad_hash');
});

test('parseEnvelope names every malformed field', () => {
  const r = parseEnvelope('{"v":2,"stream":"","revision":-1,"prevHash":"x","hash":"y","extra":1}');
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.problems.map((p) => p.path).sort()).toEqual(
      ['extra', 'hash', 'prevHash', 'recordedAt', 'revision', 'signature', 'statement', 'stream', 'type', 'v'].sort(),
    );
  }
});

test('an absent result is left out of the sealed envelope, not written as undefined', () => {
  const [first] = buildChain(['a']);
  const { hash: _h, ...fields } = first!;
  const sealed = sealEnvelope({ ...fields, result: undefined });
  expect('result' in sealed).toBe(false);
  expect(sealed.hash).toBe(first!.hash);
});

test('sealAndEncode gives the sealed envelope and exactly its canonical stored form', () => {
  const { sealAndEncode } = jest.requireActual('.') as typeof import('.');
  fc.assert(
    fc.property(chains, (chain) => {
      for (const e of chain) {
        const { hash: _h, ...fields } = e;
        const both = sealAndEncode(fields);
        expect(both.envelope).toEqual(e);
        expect(both.text).toBe(encodeEnvelope(e));
      }
    }),
  );
});
