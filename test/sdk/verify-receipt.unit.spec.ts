// Receipts are proofs: the SDK checks them offline with the ledger key alone. Valid
// receipts (every leaf of trees of several sizes) verify; each kind of tampering is
// refused with its own code.
import fc from 'fast-check';
import type { Receipt as PortReceipt, SubmitResult as PortSubmitResult } from '../../src/application/ledger/ledger.port';
import { keysFromSeed, verifyReceipt, type Receipt, type SubmitResult } from '../../src/sdk';
import { buildFixture, envelopeText, ORIGIN, seedOf, verifierKeyOf } from './support/ledger-fixture';

const fx = buildFixture(11);
const codeOf = (r: { ok: boolean; problems?: readonly { code: string; path: string }[] }) =>
  r.ok ? 'ok' : `${r.problems![0]!.code}@${r.problems![0]!.path}`;

// The SDK's Receipt and the server's are the same shape, in both directions.
const toPort = (r: Receipt): PortReceipt => r;
const fromPort = (r: PortReceipt): Receipt => r;
const resultFromPort = (r: PortSubmitResult): SubmitResult => r;
const resultToPort = (r: SubmitResult): PortSubmitResult => r;

test('the SDK and server receipt and submit result types are interchangeable', () => {
  expect(fromPort(toPort(fx.receipt(0)))).toEqual(fx.receipt(0));
  const accepted = { ok: true as const, receipt: fx.receipt(0), replayed: false };
  expect(resultToPort(resultFromPort(accepted))).toBe(accepted);
});

test.each([1, 2, 3, 5, 8, 11])('every receipt of a tree of %i leaves verifies', (size) => {
  const f = buildFixture(size);
  for (let i = 0; i < size; i++) {
    const r = verifyReceipt(f.receipt(i), f.ledgerKey, { origin: ORIGIN });
    expect(r.ok && r.value).toMatchObject({ leafIndex: i, envelopeHash: f.envelopes[i]!.hash, checkpoint: { treeSize: size, origin: ORIGIN } });
  }
});

test('with its envelope and the actor key, the receipt is tied to the signed statement', () => {
  for (const i of [0, 5, 10]) {
    const r = verifyReceipt(fx.receipt(i), fx.ledgerKey, { envelope: envelopeText(fx.envelopes[i]!), actorKey: fx.actor.publicKeyBase64Url });
    expect(r.ok && r.value.envelope?.hash).toBe(fx.envelopes[i]!.hash);
  }
});

test('the receipt a server would send (result null, parsed envelope) verifies', () => {
  const r = verifyReceipt({ ...fx.receipt(2), result: null }, fx.ledgerKey, { envelope: fx.envelopes[2]!, actorKey: fx.actor.publicKey });
  expect(codeOf(r)).toBe('ok');
});

test("the actor's keys themselves serve as actorKey, and another actor's keys are refused", () => {
  const other = keysFromSeed(new Uint8Array(32).fill(77));
  expect(codeOf(verifyReceipt(fx.receipt(4), fx.ledgerKey, { envelope: fx.envelopes[4]!, actorKey: fx.actor }))).toBe('ok');
  expect(codeOf(verifyReceipt(fx.receipt(4), fx.ledgerKey, { envelope: fx.envelopes[4]!, actorKey: other }))).toBe('statement.bad_signature@envelope.signature');
});

const flipHex = (hex: string, bit: number): string => {
  const nibble = Math.floor(bit / 4) % hex.length;
  return hex.slice(0, nibble) + ((parseInt(hex[nibble]!, 16) ^ (1 << bit % 4)).toString(16)) + hex.slice(nibble + 1);
};

test.each([
  ['a flipped bit in a proof hash', (r: Receipt) => ({ ...r, inclusionProof: r.inclusionProof.map((h, i) => (i === 1 ? flipHex(h, 3) : h)) }), 'proof.invalid@inclusionProof'],
  ['a flipped bit in the envelope hash', (r: Receipt) => ({ ...r, envelopeHash: flipHex(r.envelopeHash, 100) }), 'proof.invalid@inclusionProof'],
  ['another leaf index', (r: Receipt) => ({ ...r, leafIndex: 5 }), 'proof.invalid@inclusionProof'],
  ['a leaf index outside the tree', (r: Receipt) => ({ ...r, leafIndex: 11 }), 'proof.malformed@leafIndex'],
  ['a proof hash dropped', (r: Receipt) => ({ ...r, inclusionProof: r.inclusionProof.slice(1) }), 'proof.malformed@inclusionProof'],
  ['a proof hash that is not hex', (r: Receipt) => ({ ...r, inclusionProof: ['zz', ...r.inclusionProof.slice(1)] }), 'receipt.malformed@inclusionProof[0]'],
  ['another tree size than the checkpoint', (r: Receipt) => ({ ...r, treeSize: 12 }), 'receipt.mismatch@treeSize'],
  ['a checkpoint with a changed byte', (r: Receipt) => ({ ...r, checkpoint: r.checkpoint.replace(`\n11\n`, '\n12\n') }), 'note.bad_signature@checkpoint.signatures[0]'],
  ['a checkpoint signed by another ledger key', (r: Receipt) => ({ ...r, checkpoint: fx.checkpointAt(11, { name: ORIGIN, seed: seedOf(8) }) }), 'note.no_known_signature@checkpoint'],
  ['an older checkpoint', (r: Receipt) => ({ ...r, checkpoint: fx.checkpointAt(10) }), 'receipt.mismatch@treeSize'],
  ['no checkpoint', (r: Receipt) => ({ ...r, checkpoint: '' }), 'receipt.malformed@checkpoint'],
])('%s is refused', (_name, tamper, expected) => {
  expect(codeOf(verifyReceipt(tamper(fx.receipt(3)), fx.ledgerKey))).toBe(expected);
});

test('a checkpoint of another log is refused when the origin is given', () => {
  expect(codeOf(verifyReceipt(fx.receipt(3), fx.ledgerKey, { origin: 'writ.local/other' }))).toBe('checkpoint.origin_mismatch@checkpoint.origin');
});

test('a receipt checked against another ledger key is refused', () => {
  const other = verifierKeyOf({ name: ORIGIN, seed: seedOf(8) });
  expect(codeOf(verifyReceipt(fx.receipt(3), other))).toBe('note.no_known_signature@checkpoint');
  expect(codeOf(verifyReceipt(fx.receipt(3), [other, fx.ledgerKey]))).toBe('ok');
});

test('a malformed ledger key is refused, not thrown on', () => {
  expect(codeOf(verifyReceipt(fx.receipt(3), 'not a key'))).toBe('key.malformed@ledgerKey');
});

test.each([
  ['an altered envelope', () => envelopeText({ ...fx.envelopes[3]!, recordedAt: '2026-11-24T10:00:02.000Z' }), undefined, 'envelope.bad_hash@envelope.hash'],
  ['the envelope of another event', () => envelopeText(fx.envelopes[4]!), undefined, 'receipt.mismatch@envelopeHash'],
  ['text that is not an envelope', () => '{"v":1}', undefined, 'envelope.malformed@envelope.stream'],
  ['a statement checked against another actor key', () => envelopeText(fx.envelopes[3]!), seedOf(10), 'statement.bad_signature@envelope.signature'],
])('%s is refused', (_name, envelope, otherSeed, expected) => {
  const actorKey = otherSeed ? keysFromSeed(otherSeed).publicKey : fx.actor.publicKey;
  expect(codeOf(verifyReceipt(fx.receipt(3), fx.ledgerKey, { envelope: envelope(), actorKey }))).toBe(expected);
});

test.each([
  ['stream', { stream: 'agent-agent-2' }],
  ['revision', { revision: 4 }],
  ['type', { type: 'agent.suspended' }],
  ['result', { result: { note: 'forged' } }],
])("a receipt whose %s is not the envelope's is refused", (field, change) => {
  const r = verifyReceipt({ ...fx.receipt(3), ...change }, fx.ledgerKey, { envelope: envelopeText(fx.envelopes[3]!) });
  expect(codeOf(r)).toBe(`receipt.mismatch@${field}`);
});

test('any flipped bit in the envelope hash or a proof hash is caught', () => {
  const receipt = fx.receipt(6);
  fc.assert(
    fc.property(fc.nat({ max: 255 }), fc.nat({ max: receipt.inclusionProof.length }), (bit, which) => {
      const tampered =
        which === receipt.inclusionProof.length
          ? { ...receipt, envelopeHash: flipHex(receipt.envelopeHash, bit) }
          : { ...receipt, inclusionProof: receipt.inclusionProof.map((h, i) => (i === which ? flipHex(h, bit) : h)) };
      expect(verifyReceipt(tampered, fx.ledgerKey).ok).toBe(false);
    }),
    { numRuns: 200 },
  );
});
