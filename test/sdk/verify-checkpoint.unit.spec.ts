// Checkpoints and consistency between them, checked offline with the ledger key.
import { bytesToHex, hexToBytes } from '../../src/integrity/bytes';
import { MerkleTree } from '../../src/integrity/merkle';
import { treeSize } from '../../src/integrity/brands';
import { verifyCheckpoint, verifyConsistency } from '../../src/sdk';
import { buildFixture, ORIGIN, seedOf, signedCheckpoint, unwrap, verifierKeyOf } from './support/ledger-fixture';

const fx = buildFixture(13);
const consistency = (from: number, to: number) => unwrap(fx.tree.consistencyProof(treeSize(from), treeSize(to))).map(bytesToHex);
const codeOf = (r: { ok: boolean; problems?: readonly { code: string; path: string }[] }) =>
  r.ok ? 'ok' : `${r.problems![0]!.code}@${r.problems![0]!.path}`;

test('a checkpoint signed by the ledger key verifies and reads back its size and root', () => {
  const r = verifyCheckpoint(fx.checkpointAt(13), fx.ledgerKey, { origin: ORIGIN });
  expect(r.ok && r.value).toMatchObject({ origin: ORIGIN, treeSize: 13, rootHash: bytesToHex(fx.tree.root()) });
});

test.each([
  ['signed by another key', () => fx.checkpointAt(13, { name: ORIGIN, seed: seedOf(3) }), {}, 'note.no_known_signature@'],
  ['with a changed root', () => fx.checkpointAt(13).replace(/\n13\n./, (m) => m.slice(0, -1) + (m.endsWith('A') ? 'B' : 'A')), {}, 'note.bad_signature@signatures[0]'],
  ['for another log', () => fx.checkpointAt(13), { origin: 'writ.local/ledger-2' }, 'checkpoint.origin_mismatch@origin'],
  ['that is not a note', () => 'hello', {}, 'note.malformed@'],
])('a checkpoint %s is refused', (_name, note, options, expected) => {
  expect(codeOf(verifyCheckpoint(note(), fx.ledgerKey, options))).toBe(expected);
});

test('after a key rotation, old and new ledger keys may both be trusted', () => {
  const rotated = { name: ORIGIN, seed: seedOf(3) };
  const keys = [fx.ledgerKey, verifierKeyOf(rotated)];
  expect(codeOf(verifyCheckpoint(fx.checkpointAt(13, rotated), keys))).toBe('ok');
  expect(codeOf(verifyCheckpoint(fx.checkpointAt(13), keys))).toBe('ok');
});

test.each([
  [1, 13],
  [4, 13],
  [7, 8],
  [12, 13],
  [13, 13],
])('a checkpoint of %i leaves is consistent with one of %i', (from, to) => {
  const r = verifyConsistency(fx.checkpointAt(from), fx.checkpointAt(to), consistency(from, to), fx.ledgerKey);
  expect(r.ok && [r.value.old.treeSize, r.value.new.treeSize]).toEqual([from, to]);
});

test('the proof may be passed as the service answers it', () => {
  const answer = { fromSize: 5, toSize: 13, fromRoot: '', toRoot: '', proof: consistency(5, 13) };
  expect(codeOf(verifyConsistency(fx.checkpointAt(5), fx.checkpointAt(13), answer, fx.ledgerKey))).toBe('ok');
});

test('a log that was cut back is refused', () => {
  const shorter = fx.checkpointAt(9);
  expect(codeOf(verifyConsistency(fx.checkpointAt(13), shorter, [], fx.ledgerKey))).toBe('proof.malformed@oldCheckpoint');
});

test('a forked log is refused: same key, same first leaves, then different ones', () => {
  const fork = new MerkleTree();
  for (let i = 0; i < 13; i++) fork.append(i < 6 ? hexToBytes(fx.envelopes[i]!.hash) : new Uint8Array(32).fill(i));
  const forkHead = signedCheckpoint(fork, 13, fx.signer);
  const forkProof = (from: number) => unwrap(fork.consistencyProof(treeSize(from), treeSize(13))).map(bytesToHex);
  const r = verifyConsistency(fx.checkpointAt(8), forkHead, forkProof(8), fx.ledgerKey);
  expect(r.ok ? 'ok' : r.problems[0].code).toBe('proof.invalid');
  // Up to where the two logs agree, the fork is consistent with the honest one.
  expect(codeOf(verifyConsistency(fx.checkpointAt(6), forkHead, forkProof(6), fx.ledgerKey))).toBe('ok');
});

test.each([
  ['a flipped proof hash', (p: string[]) => p.map((h, i) => (i === 0 ? (h[0] === 'a' ? 'b' : 'a') + h.slice(1) : h)), 'proof.invalid'],
  ['a missing proof hash', (p: string[]) => p.slice(1), 'proof.malformed'],
  ['a proof hash that is not hex', (p: string[]) => ['xyz', ...p.slice(1)], 'proof.malformed'],
])('%s is refused', (_name, tamper, code) => {
  const r = verifyConsistency(fx.checkpointAt(5), fx.checkpointAt(13), tamper(consistency(5, 13)), fx.ledgerKey);
  expect(r.ok ? 'ok' : r.problems[0].code).toBe(code);
});

test('a new checkpoint of another log is refused even with a valid signature', () => {
  const otherLog = buildFixture(13, { name: 'writ.local/ledger-2', seed: seedOf(7) });
  const keys = [fx.ledgerKey, otherLog.ledgerKey];
  const r = verifyConsistency(fx.checkpointAt(5), otherLog.checkpointAt(13), consistency(5, 13), keys);
  expect(codeOf(r)).toBe('checkpoint.origin_mismatch@newCheckpoint.origin');
});

test('checkpoints signed by an untrusted key are refused on either side', () => {
  const stranger = { name: ORIGIN, seed: seedOf(4) };
  expect(codeOf(verifyConsistency(fx.checkpointAt(5, stranger), fx.checkpointAt(13), consistency(5, 13), fx.ledgerKey))).toBe(
    'note.no_known_signature@oldCheckpoint',
  );
  expect(codeOf(verifyConsistency(fx.checkpointAt(5), fx.checkpointAt(13, stranger), consistency(5, 13), fx.ledgerKey))).toBe(
    'note.no_known_signature@newCheckpoint',
  );
});
