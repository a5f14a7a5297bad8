// The state root in checkpoints (docs/evidence-bundle.md), through `writ verify` as a
// child process on real stores: the verifier recomputes the state map from the log and
// refuses a checkpoint that is correctly signed, over the right log root, but carries a
// wrong state root, as a compromised ledger key could make one. Checkpoints signed
// before the map existed carry no state line and still verify.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedSigner } from '../../src/application/ledger/ledger-signer';
import { treeSize as treeSize_ } from '../../src/integrity/brands';
import { bytesToHex, fromBase64Url, hexToBytes } from '../../src/integrity/bytes';
import { parseCheckpoint, parseNote, signCheckpoint, stateLine, stateRootOf } from '../../src/integrity/checkpoint';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import type { Statement } from '../../src/integrity/statement';
import { buildLedger, openRuntime, type BuiltLedger } from '../support/ledger-builder';
import { copyLedger, forgeAppend, withDb, writ, type Report } from './cli-support';

installNodeSha256();

let built: BuiltLedger;

beforeAll(async () => {
  built = await buildLedger({ events: 80, agentsPerRound: 5, actionsPerAgent: 1 });
});

function verifyStore(dir: string, ...more: string[]): { code: number | null; report: Report } {
  const run = writ('verify', '--store', dir, '--json', '--key', built.verifierKey, ...more);
  return { code: run.code, report: run.json<Report>() };
}

const stateRootIn = (note: string): Uint8Array | undefined | 'malformed' => {
  const opened = parseNote(note);
  if (!opened.ok) throw new Error('bad note');
  const cp = parseCheckpoint(opened.value.text);
  if (!cp.ok) throw new Error('bad checkpoint');
  return stateRootOf(cp.value);
};

/** A `checkpoint.recorded` at the end of the log, signed with the ledger key, over the log's true root. */
function forgeCheckpoint(dir: string, extensions: string[]): number {
  const size = withDb(dir, (db) => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);
  expect(size).toBe(built.size);
  const rootHash = hexToBytes(built.checkpoint.rootHash);
  const origin = built.origin;
  const signer = { name: origin, publicKey: fromBase64Url(built.ledger.publicKey)!, sign: (m: Uint8Array) => seedSigner(built.ledger.seed).sign(m) };
  const note = signCheckpoint({ origin, size: treeSize_(size), rootHash, extensions }, signer);
  if (!note.ok) throw new Error(note.problems[0].message);
  const statement: Statement = {
    v: 1, ledgerId: built.ledgerId, type: 'checkpoint.recorded', actor: built.ledger.id, nonce: randomUUID(), issuedAt: new Date().toISOString(),
    body: { treeSize: size, rootHash: bytesToHex(rootHash), note: note.value },
  };
  return forgeAppend(dir, built.ledger, statement, 'checkpoint.recorded', 'checkpoints');
}

/** The state root the ledger itself signs at the head (its latest checkpoint). */
async function honestStateRoot(dir: string): Promise<Uint8Array> {
  const runtime = await openRuntime(join(dir, 'writ.db'), built.ledger);
  try {
    const cp = runtime.latestCheckpoint();
    expect(cp.treeSize).toBe(built.size);
    const root = stateRootIn(cp.note);
    if (!(root instanceof Uint8Array)) throw new Error('the ledger signed a checkpoint without a state line');
    return root;
  } finally {
    await runtime.close();
  }
}

it('the ledger signs a state line in every checkpoint, and writ verify agrees with each recorded one', () => {
  expect(stateRootIn(built.checkpoint.note)).toBeInstanceOf(Uint8Array);
  const { code, report } = verifyStore(copyLedger(built.dataDir));
  expect(code).toBe(0);
  expect(report.checkpointsVerified).toBeGreaterThan(0);
});

it('a checkpoint with the true state root verifies (the control case)', async () => {
  const dir = copyLedger(built.dataDir);
  forgeCheckpoint(dir, [stateLine(await honestStateRoot(dir))]);
  expect(verifyStore(dir)).toMatchObject({ code: 0, report: { ok: true } });
});

it('a correctly signed checkpoint over the true log root with a wrong state root is refused at its position', async () => {
  const dir = copyLedger(built.dataDir);
  const wrong = await honestStateRoot(dir);
  wrong[0]! ^= 1;
  const p = forgeCheckpoint(dir, [stateLine(wrong)]);
  const { code, report } = verifyStore(dir);
  expect(code).toBe(1);
  expect(report.findings).toEqual([expect.objectContaining({ position: p, code: 'verify.state_mismatch', path: 'statement.body.note' })]);
});

it('a malformed state line is refused the same way', () => {
  const dir = copyLedger(built.dataDir);
  const p = forgeCheckpoint(dir, ['writ-state not-base64']);
  expect(verifyStore(dir).report.findings).toEqual([expect.objectContaining({ position: p, code: 'verify.state_mismatch' })]);
});

it('a checkpoint without a state line (signed before the map existed) still verifies', () => {
  const dir = copyLedger(built.dataDir);
  forgeCheckpoint(dir, []);
  expect(verifyStore(dir)).toMatchObject({ code: 0, report: { ok: true } });
});

it('a trusted checkpoint kept elsewhere with a wrong state root is refused; with the true one it passes', async () => {
  const dir = copyLedger(built.dataDir);
  const honest = await honestStateRoot(dir);
  const signer = { name: built.origin, publicKey: fromBase64Url(built.ledger.publicKey)!, sign: (m: Uint8Array) => seedSigner(built.ledger.seed).sign(m) };
  const note = (root: Uint8Array) => {
    const n = signCheckpoint({ origin: built.origin, size: treeSize_(built.size), rootHash: hexToBytes(built.checkpoint.rootHash), extensions: [stateLine(root)] }, signer);
    if (!n.ok) throw new Error('sign');
    return n.value;
  };
  const file = (text: string) => {
    const path = join(dir, `trusted-${randomUUID()}.note`);
    writeFileSync(path, text);
    return path;
  };
  expect(verifyStore(dir, '--checkpoint', file(note(honest))).code).toBe(0);
  const wrong = Uint8Array.from(honest);
  wrong[31]! ^= 1;
  const { code, report } = verifyStore(dir, '--checkpoint', file(note(wrong)));
  expect(code).toBe(1);
  expect(report.findings).toEqual([expect.objectContaining({ code: 'verify.state_mismatch' })]);
});
