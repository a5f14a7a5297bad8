// The spliced seal must be sealAndEncode byte for byte: the verifier recomputes hashes
// with the generic code, so any difference would be a broken chain.
import fc from 'fast-check';
import { installNodeSha256 } from '../../integrity/sha256-node';
import { streamRevision } from '../../integrity/brands';
import { GENESIS_PREV_HASH, sealAndEncode, type UnsealedEnvelope } from '../../integrity/envelope';
import { encodeStatement, type Statement } from '../../integrity/statement';
import { sealWithStatementText } from './seal-statement-envelope';

const tricky = fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u2028', 'a', 'é', '\u{1f600}', '/'), maxLength: 8 });
const text = fc.oneof(fc.string({ maxLength: 12 }), tricky);
const json = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);

const statement = fc.record({
  v: fc.constant(1 as const),
  ledgerId: fc.constant('ledger-1'),
  type: fc.constantFrom('action.request', 'delegation.granted'),
  actor: fc.constant('agent-1'),
  nonce: fc.constant('nonce-0001'),
  issuedAt: fc.constant('2026-11-24T10:00:00.000Z'),
  body: fc.dictionary(text, fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), json), { maxKeys: 5 }),
}) as fc.Arbitrary<Statement>;

const envelope = fc.record(
  {
    v: fc.constant(1 as const),
    stream: text,
    revision: fc.nat().map(streamRevision),
    prevHash: fc.oneof(fc.constant(GENESIS_PREV_HASH), fc.stringMatching(/^[0-9a-f]{64}$/)),
    recordedAt: fc.constant('2026-11-24T10:00:00.123Z'),
    type: text,
    statement,
    signature: text,
    result: json,
  },
  { requiredKeys: ['v', 'stream', 'revision', 'prevHash', 'recordedAt', 'type', 'statement', 'signature'] },
) as fc.Arbitrary<UnsealedEnvelope>;

describe('sealWithStatementText', () => {
  beforeAll(() => installNodeSha256());

  it('gives sealAndEncode’s text and hash for any envelope', () => {
    fc.assert(
      fc.property(envelope, (e) => {
        const generic = sealAndEncode(e);
        const spliced = sealWithStatementText(e, encodeStatement(e.statement));
        expect(spliced.text).toBe(generic.text);
        expect(spliced.envelope).toEqual(generic.envelope);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves out an absent result, never writing null', () => {
    const e = { v: 1, stream: 's', revision: streamRevision(0), prevHash: GENESIS_PREV_HASH, recordedAt: '2026-11-24T10:00:00.123Z', type: 't.x', statement: { v: 1, ledgerId: 'l', type: 't.x', actor: 'a', nonce: 'nonce-0001', issuedAt: '2026-11-24T10:00:00.000Z', body: {} }, signature: 'sig' } as UnsealedEnvelope;
    const spliced = sealWithStatementText(e, encodeStatement(e.statement));
    expect(spliced.text).toBe(sealAndEncode(e).text);
    expect(spliced.text).not.toContain('"result"');
  });
});
