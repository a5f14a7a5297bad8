// The AuthZEN door's reading of requests: the WritSig header, defaults resolved per
// evaluation as the SDK signs them (so a signed batch is the batch the server rebuilds),
// and the resource mapping both ways.
import { readAuthzenSignature } from '../../src/application/authzen/authzen-signature';
import { readEvaluationsRequest } from '../../src/application/authzen/authzen-request';
import { authzenResourceOf, resourceUri } from '../../src/domain';
import { authzenRequest, authzenResource, generateKeys, resolvedEvaluations, type AuthzenEvaluations } from '../../src/sdk';

const ctx = { credential: 'a.b.c', amount: 5 };
const batch: AuthzenEvaluations = {
  subject: { type: 'agent', id: 'agent-1' },
  action: { name: 'read' },
  context: ctx,
  evaluations: [{ resource: { type: 'erp', id: 'po/1' } }, { resource: { type: 'uri', id: 'erp://po/2' }, action: { name: 'create' }, context: { credential: 'd.e.f' } }],
  options: { evaluations_semantic: 'deny_on_first_deny' },
};

test('the server resolves each evaluation exactly as the SDK signed it', () => {
  const read = readEvaluationsRequest(JSON.stringify(batch));
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  expect(read.value.semantic).toBe('deny_on_first_deny');
  expect(read.value.evaluations.map((e) => JSON.parse(JSON.stringify(e.body)))).toEqual(resolvedEvaluations(batch));
  expect(read.value.evaluations[1]!.paths).toEqual({ subject: 'subject', action: 'evaluations[1].action', resource: 'evaluations[1].resource', context: 'evaluations[1].context' });
});

test('a missing part, found neither in the entry nor in the defaults, is named where it belongs', () => {
  const { subject: _subject, ...noSubject } = batch;
  const read = readEvaluationsRequest(JSON.stringify(noSubject));
  expect(read.ok ? [] : read.problems.map((p) => [p.code, p.path])).toEqual([['body.invalid', 'evaluations[0].subject'], ['body.invalid', 'evaluations[1].subject']]);
});

test('the WritSig header the SDK writes is the one the server reads', () => {
  const { headers } = authzenRequest(batch, { ledgerId: 'l-1', actor: 'gw-1', keys: generateKeys(), nonce: 'nonce-123456', issuedAt: '2026-11-24T10:00:00.000Z' });
  const sig = readAuthzenSignature(headers['authorization']);
  expect(sig.ok && { ...sig.value, signatures: sig.value.signatures.length }).toEqual({ actor: 'gw-1', nonce: 'nonce-123456', issuedAt: '2026-11-24T10:00:00.000Z', signatures: 2 });
});

test.each([
  [undefined, 'authzen.missing_signature', 'header.authorization'],
  ['Bearer abc', 'authzen.missing_signature', 'header.authorization'],
  ['WritSig actor="gw", nonce="n"', 'authzen.malformed_signature', 'header.authorization.issued-at'],
  ['WritSig actor="gw" nonce="n"', 'authzen.malformed_signature', 'header.authorization'],
  ['WritSig actor="gw", actor="x", nonce="n", issued-at="t", signature="s"', 'authzen.malformed_signature', 'header.authorization'],
])('header %p is refused with %s', (header, code, path) => {
  const sig = readAuthzenSignature(header);
  expect(sig.ok ? undefined : { code: sig.problems[0].code, path: sig.problems[0].path }).toEqual({ code, path });
});

test('a Writ resource URI and its AuthZEN resource round-trip', () => {
  for (const uri of ['erp://po/orders/7', 'crm://customers/acme/contacts/1', 'mcp://files/read']) {
    const r = authzenResource(uri);
    expect(authzenResourceOf(uri)).toEqual(r);
    expect(resourceUri(r.type, r.id)).toBe(uri);
    expect(resourceUri('uri', uri)).toBe(uri);
  }
  expect(resourceUri('erp', 'po/*')).toBeUndefined();
});
