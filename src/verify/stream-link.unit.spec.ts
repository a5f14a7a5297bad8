// The verifier's link check gives integrity's checkLink verdict (same code, message and
// path) once the hash verdict is known, for every way an envelope can fail to link.
import { streamRevision } from '../integrity/brands';
import { checkLink, computeEnvelopeHash, sealEnvelope, type ChainTip, type Envelope } from '../integrity/envelope';
import { linkProblem } from './stream-link';

const first = sealEnvelope({
  v: 1,
  stream: 's',
  revision: streamRevision(0),
  prevHash: '0'.repeat(64),
  recordedAt: '2026-11-24T10:00:00.000Z',
  type: 't',
  statement: { v: 1, ledgerId: 'l', type: 't', actor: 'a', nonce: 'n', issuedAt: '2026-11-24T10:00:00.000Z', body: {} },
  signature: 'x',
});
const second = sealEnvelope({ ...first, revision: streamRevision(1), prevHash: first.hash });
const tip: ChainTip = { revision: 0, hash: first.hash };

test.each<[string, Envelope, ChainTip | undefined]>([
  ['a good first envelope', first, undefined],
  ['a good second envelope', second, tip],
  ['a forged hash', { ...second, hash: 'f'.repeat(64) }, tip],
  ['a revision gap', sealEnvelope({ ...second, revision: streamRevision(2) }), tip],
  ['a first envelope at revision 1', second, undefined],
  ['a broken link', sealEnvelope({ ...second, prevHash: 'a'.repeat(64) }), tip],
  ['a first envelope linking to something', sealEnvelope({ ...first, prevHash: 'a'.repeat(64) }), undefined],
])('%s', (_, envelope, before) => {
  expect(linkProblem(envelope, computeEnvelopeHash(envelope) === envelope.hash, before)).toEqual(checkLink(envelope, envelope.stream, before));
});
