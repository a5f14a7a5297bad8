// The state map moved to its own thread, end to end: a ledger built with a low
// threshold signs every checkpoint with a root that `writ verify` recomputes on its own
// from the log; a restart (whose catch-up sends the map page by page) signs the same
// root as a runtime that keeps its map here; a thread that dies or hangs leaves the
// ledger signing the same roots with the map built here.
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { stateRootOf, parseNote, parseCheckpoint } from '../../src/integrity/checkpoint';
import { bytesToHex } from '../../src/integrity/bytes';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { runVerify } from '../../src/verify';
import { buildLedger, CAPABILITY, openRuntime, signAs, type BuiltLedger } from '../support/ledger-builder';

installNodeSha256();

const workers = join(__dirname, '../support/state-map-workers');
let built: BuiltLedger;

beforeAll(async () => {
  built = await buildLedger({ events: 400, agentsPerRound: 10, actionsPerAgent: 2, stateRoots: { threadAt: 16 } });
}, 120_000);

function stateRoot(note: string): string {
  const parsed = parseNote(note);
  if (!parsed.ok) throw new Error('not a note');
  const cp = parseCheckpoint(parsed.value.text);
  if (!cp.ok) throw new Error('not a checkpoint');
  const root = stateRootOf(cp.value);
  if (!(root instanceof Uint8Array)) throw new Error('no state line');
  return bytesToHex(root);
}

test('every checkpoint a ledger signed with its map on a thread carries the root writ verify recomputes', async () => {
  const report = await runVerify({ store: built.dataDir });
  expect(report.findings).toEqual([]);
  expect(report.checkpointsVerified).toBeGreaterThan(3);
});

test('a restart sends the map to its thread while catching up, and signs the root a map kept here gives', async () => {
  const threaded = await openRuntime(built.dbPath, built.ledger, 'writ.test', { threadAt: 16 });
  const here = await openRuntime(built.dbPath, built.ledger, 'writ.test', { threadAt: Infinity });
  try {
    expect(threaded.stateMapWhere).toBe('thread');
    expect(here.stateMapWhere).toBe('here');
    expect(stateRoot(threaded.latestCheckpoint().note)).toBe(stateRoot(here.latestCheckpoint().note));
  } finally {
    await threaded.close();
    await here.close();
  }
});

test.each(['exits', 'hangs'])('a map thread that %s: the map comes back here and the roots stay right', async (failure) => {
  const runtime = await openRuntime(built.dbPath, built.ledger, 'writ.test', { threadAt: 16, thread: { workerModule: join(workers, `${failure}.ts`), stallMs: 500 } });
  try {
    const first = runtime.latestCheckpoint();
    expect(runtime.stateMapWhere).toBe('here');
    // More status changes, now kept here: a revocation and a new grant.
    const st = (type: string, body: object) => ({ v: 1 as const, ledgerId: built.ledgerId, type, actor: built.admin.id, nonce: randomUUID(), issuedAt: new Date().toISOString(), body });
    const grant = await runtime.submit(signAs(built.admin, st('principal.entitlement_granted', { principalId: built.human.id, entitlementId: `ent-${failure}`, capability: CAPABILITY })));
    expect(grant.ok).toBe(true);
    await runtime.idle();
    const after = runtime.latestCheckpoint();
    expect(after.treeSize).toBeGreaterThan(first.treeSize);
    const fresh = await openRuntime(built.dbPath, built.ledger, 'writ.test', { threadAt: Infinity });
    try {
      expect(stateRoot(fresh.latestCheckpoint().note)).toBe(stateRoot(after.note));
      expect(stateRoot(first.note)).not.toBe(stateRoot(after.note));
    } finally {
      await fresh.close();
    }
  } finally {
    await runtime.close();
  }
}, 60_000);
