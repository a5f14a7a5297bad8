// Damage to a real store, one kind per test: `writ verify` names the first bad position
// and the reason, and exits 1.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { buildLedger, type BuiltLedger } from '../support/ledger-builder';
import { copyLedger, envelopeAt, reseal, withDb, writ, writeEnvelope, writWith, type Report } from './cli-support';

installNodeSha256();

let built: BuiltLedger;
let trusted: string;

beforeAll(async () => {
  built = await buildLedger({ events: 160, agentsPerRound: 5, actionsPerAgent: 2 });
  trusted = join(built.dataDir, 'trusted.note');
  writeFileSync(trusted, built.checkpoint.note);
});

function verify(dir: string, ...extra: string[]): { code: number | null; report: Report } {
  const run = writ('verify', '--store', dir, '--json', ...extra);
  return { code: run.code, report: run.json<Report>() };
}

/** Position of the first event of a type after `from`. */
function positionOf(dir: string, type: string, from = 0): number {
  return withDb(dir, (db) => (db.prepare('SELECT position FROM events WHERE type = ? AND position > ? ORDER BY position LIMIT 1').get(type, from) as { position: number }).position);
}

it('verifies the intact store, saying it trusts the key in the record', () => {
  const { code, report } = verify(built.dataDir);
  expect(code).toBe(0);
  expect(report).toMatchObject({ ok: true, size: built.size, rootHash: built.checkpoint.rootHash, findings: [] });
  expect(report.signatureEngine).toMatch(/^libsodium \(sodium-native\)/);
  const text = writ('verify', '--store', built.dataDir);
  expect(text.stdout).toContain('trusting the key in the record');
  expect(text.stdout).toContain('signatures checked by libsodium');
  expect(writ('verify', '--store', built.dataDir, '--key', built.verifierKey, '--checkpoint', trusted).code).toBe(0);
});

it('a flipped byte in a statement body: bad hash at that position', () => {
  const dir = copyLedger(built.dataDir);
  const p = positionOf(dir, 'agent.provisioned', 20);
  withDb(dir, (db) => {
    const data = (db.prepare('SELECT data FROM events WHERE position = ?').get(p) as { data: string }).data;
    writeEnvelope(db, p, data.replace('"purpose":"procurement"', '"purpose":"procuremenu"'));
  });
  const { code, report } = verify(dir);
  expect(code).toBe(1);
  expect(report.findings).toEqual([expect.objectContaining({ position: p, code: 'envelope.bad_hash' })]);
});

it('a flipped byte in a statement body, re-sealed: the actor signature fails there', () => {
  const dir = copyLedger(built.dataDir);
  const p = positionOf(dir, 'action.authorized', 30);
  withDb(dir, (db) => {
    const e = envelopeAt(db, p);
    writeEnvelope(db, p, reseal({ ...e, statement: { ...e.statement, body: { ...(e.statement.body as object), amount: 11111 } } }));
  });
  expect(verify(dir).report.findings).toEqual([expect.objectContaining({ position: p, code: 'statement.bad_signature', path: 'signature' })]);
});

it('a flipped byte in a signature: bad hash; re-sealed: bad signature', () => {
  const dir = copyLedger(built.dataDir);
  const p = positionOf(dir, 'delegation.granted', 10);
  const flip = (sig: string) => (sig[10] === 'A' ? 'B' : 'A').padStart(11, sig.slice(0, 10)) + sig.slice(11);
  withDb(dir, (db) => {
    const e = envelopeAt(db, p);
    writeEnvelope(db, p, { ...e, signature: flip(e.signature) });
  });
  expect(verify(dir).report.findings).toEqual([expect.objectContaining({ position: p, code: 'envelope.bad_hash' })]);
  withDb(dir, (db) => writeEnvelope(db, p, reseal(envelopeAt(db, p))));
  expect(verify(dir).report.findings).toEqual([expect.objectContaining({ position: p, code: 'statement.bad_signature' })]);
  // Signatures checked on worker threads: the same first bad position.
  expect(verify(dir, '--workers', '2').report.findings).toEqual([expect.objectContaining({ position: p, code: 'statement.bad_signature' })]);
  expect(verify(built.dataDir, '--workers', '2').code).toBe(0);
  // And by OpenSSL alone, inline and on worker threads.
  for (const workers of ['1', '2']) {
    const alone = writWith({ WRIT_NATIVE_SODIUM: 'off' }, 'verify', '--store', dir, '--json', '--workers', workers).json<Report>();
    expect(alone).toMatchObject({ signatureEngine: 'OpenSSL (node:crypto)', findings: [expect.objectContaining({ position: p, code: 'statement.bad_signature' })] });
  }
  expect(writWith({ WRIT_NATIVE_SODIUM: 'off' }, 'verify', '--store', built.dataDir, '--workers', '2').code).toBe(0);
});

it('a flipped byte in a stored hash: bad hash there', () => {
  const dir = copyLedger(built.dataDir);
  const p = positionOf(dir, 'credential.issued', 40);
  withDb(dir, (db) => {
    const e = envelopeAt(db, p);
    writeEnvelope(db, p, { ...e, hash: (e.hash[0] === 'a' ? 'b' : 'a') + e.hash.slice(1) });
  });
  expect(verify(dir).report.findings).toEqual([expect.objectContaining({ position: p, code: 'envelope.bad_hash', path: 'hash' })]);
});

it('a deleted event: the missing position is named', () => {
  const dir = copyLedger(built.dataDir);
  withDb(dir, (db) => db.prepare('DELETE FROM events WHERE position = 57').run());
  const { code, report } = verify(dir);
  expect(code).toBe(1);
  expect(report.findings).toEqual([expect.objectContaining({ position: 57, code: 'verify.position_gap' })]);
});

it('a deleted event with the positions after it renumbered: caught by the next event that relied on it', () => {
  const dir = copyLedger(built.dataDir);
  const p = positionOf(dir, 'action.authorized', 40);
  const next = withDb(dir, (db) => {
    const { stream } = db.prepare('SELECT stream FROM events WHERE position = ?').get(p) as { stream: string };
    const q = (db.prepare('SELECT min(position) AS q FROM events WHERE stream = ? AND position > ?').get(stream, p) as { q: number }).q;
    db.prepare('DELETE FROM events WHERE position = ?').run(p);
    db.prepare('UPDATE events SET position = position - 1 WHERE position > ?').run(p);
    return q - 1;
  });
  // The deleted event's stream no longer links at its next event; an event in between
  // whose recorded decision names positions may give it away first.
  const [first] = verify(dir).report.findings;
  expect(first!.position).toBeGreaterThanOrEqual(p);
  expect(first!.position).toBeLessThanOrEqual(next);
  expect(['envelope.revision_gap', 'replay.result_mismatch']).toContain(first!.code);
});

it('two events of one stream swapped: the first moved one is named', () => {
  const dir = copyLedger(built.dataDir);
  const [a, b] = withDb(dir, (db) => {
    const stream = (db.prepare("SELECT stream FROM events WHERE type = 'action.authorized' AND position > 60 LIMIT 1").get() as { stream: string }).stream;
    const rows = db.prepare('SELECT position, data FROM events WHERE stream = ? ORDER BY revision LIMIT 2').all(stream) as { position: number; data: string }[];
    writeEnvelope(db, rows[0]!.position, rows[1]!.data);
    writeEnvelope(db, rows[1]!.position, rows[0]!.data);
    return [rows[0]!.position, rows[1]!.position];
  });
  expect(verify(dir).report.findings).toEqual([expect.objectContaining({ position: Math.min(a!, b!), code: 'envelope.revision_gap' })]);
});

it('the tail cut off: passes on its own, caught against a trusted checkpoint', () => {
  const dir = copyLedger(built.dataDir);
  const cut = built.checkpoint.treeSize - 12;
  withDb(dir, (db) => db.prepare('DELETE FROM events WHERE position >= ?').run(cut));
  expect(verify(dir).code).toBe(0);
  const { code, report } = verify(dir, '--checkpoint', trusted, '--key', built.verifierKey);
  expect(code).toBe(1);
  expect(report.findings).toEqual([expect.objectContaining({ position: cut, code: 'verify.log_truncated' })]);
  expect(report.trustedCheckpoint).toMatchObject({ size: built.checkpoint.treeSize, contained: false });
});

it('--all lists every damaged position', () => {
  const dir = copyLedger(built.dataDir);
  withDb(dir, (db) => {
    for (const p of [30, 90]) {
      const e = envelopeAt(db, p);
      writeEnvelope(db, p, { ...e, recordedAt: e.recordedAt.replace(/\.\d{3}Z$/, '.999Z') });
    }
  });
  const { report } = verify(dir, '--all');
  expect(report.findings.filter((f) => f.code === 'envelope.bad_hash').map((f) => f.position)).toEqual([30, 90]);
  expect(verify(dir).report.findings.map((f) => f.position)).toEqual([30]);
});

it('refuses unusable input with exit 2', () => {
  expect(writ('verify', '--store', join(built.dataDir, 'nope')).code).toBe(2);
  expect(writ('verify', '--store', built.dataDir, '--key', 'not-a-key').code).toBe(2);
  expect(writ('verify', '--store', built.dataDir, '--workers', 'zero').code).toBe(2);
});
