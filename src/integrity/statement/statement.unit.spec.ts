import fc from 'fast-check';
import { generateKeyPair, checkPublicKey, nobleVerifier, type PublicKey } from '../ed25519';
import { nodeVerifier } from '../ed25519/node-verifier';
import {
  encodeStatement,
  parseStatement,
  signStatement,
  signingMessage,
  verifyStatementSignature,
  STATEMENT_SIGNING_PREFIX,
  type Statement,
} from '.';

const keys = generateKeyPair();
const checked = checkPublicKey(keys.publicKey);
if (!checked.ok) throw new Error('generated key refused');
const publicKey: PublicKey = checked.value;

const statement: Statement = {
  v: 1,
  ledgerId: 'ledger-1',
  type: 'delegation.granted',
  actor: 'human-1',
  nonce: '0192b3c4-0000-7000-8000-000000000001',
  issuedAt: '2026-11-24T10:00:00.000Z',
  body: { purpose: 'procurement', capabilities: [{ resource: 'erp://po/**', actions: ['create'] }] },
};

test('the signed message is the ASCII prefix then the canonical bytes', () => {
  const text = encodeStatement(statement);
  const message = signingMessage(text);
  expect(STATEMENT_SIGNING_PREFIX).toMatch(/^writ\/v1\//);
  expect(new TextDecoder().decode(message)).toBe(STATEMENT_SIGNING_PREFIX + text);
});

test.each([
  ['noble', nobleVerifier],
  ['node', nodeVerifier],
])('sign then verify on the %s path; a different statement does not verify', (_name, verifier) => {
  const signed = signStatement(statement, keys.seed);
  expect(verifyStatementSignature(verifier, publicKey, signed.statement, signed.signature)).toBe(true);
  const other = encodeStatement({ ...statement, nonce: '0192b3c4-0000-7000-8000-000000000002' });
  expect(verifyStatementSignature(verifier, publicKey, other, signed.signature)).toBe(false);
});

test('a signature over the bare canonical bytes (no prefix) is refused', () => {
  const { sign } = jest.requireActual('../ed25519') as typeof import('../ed25519');
  const text = encodeStatement(statement);
  const bare = Buffer.from(sign(keys.seed, new TextEncoder().encode(text))).toString('base64url');
  expect(verifyStatementSignature(nobleVerifier, publicKey, text, bare)).toBe(false);
});

test.each(['', 'AAAA', '!!!', 'A'.repeat(86) + '==', 'A'.repeat(87)])('malformed signature %p is refused, not thrown', (sig) => {
  expect(verifyStatementSignature(nodeVerifier, publicKey, encodeStatement(statement), sig)).toBe(false);
});

test('parseStatement accepts canonical text for this ledger', () => {
  const r = parseStatement(encodeStatement(statement), 'ledger-1');
  expect(r.ok && r.value.statement).toEqual(statement);
});

test('non-canonical text is refused with statement.not_canonical', () => {
  const text = JSON.stringify(statement, null, 1);
  const r = parseStatement(text, 'ledger-1');
  expect(r.ok ? undefined : r.problems[0].code).toBe('statement.not_canonical');
});

test('a statement for another ledger is refused', () => {
  const r = parseStatement(encodeStatement(statement), 'ledger-2');
  expect(r.ok ? undefined : r.problems[0]).toMatchObject({ code: 'statement.wrong_ledger', path: 'ledgerId' });
});

test('every malformed field is reported with its path', () => {
  const bad = { v: 2, ledgerId: 'ledger-1', type: 'Grant', actor: '', nonce: 'x', issuedAt: '2026-02-30T00:00:00.000Z', body: [], extra: 1 };
  const r = parseStatement(encodeStatement(bad as unknown as Statement), 'ledger-1');
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.problems.map((p) => `${p.code}@${p.path}`).sort()).toEqual(
      [
        'statement.malformed@actor',
        'statement.malformed@body',
        'statement.malformed@extra',
        'statement.malformed@issuedAt',
        'statement.malformed@nonce',
        'statement.malformed@type',
        'statement.unsupported_version@v',
      ].sort(),
    );
  }
});

test('any change to a signed statement breaks its signature', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 20 }), (purpose) => {
      const signed = signStatement({ ...statement, body: { purpose } }, keys.seed);
      const forged = encodeStatement({ ...statement, body: { purpose: purpose + 'x' } });
      expect(verifyStatementSignature(nodeVerifier, publicKey, forged, signed.signature)).toBe(false);
    }),
    { numRuns: 50 },
  );
});
