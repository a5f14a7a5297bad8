// replay, checkpoint, prove and verify-proof over a real store.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Receipt } from '../../src/application/ledger/ledger.port';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { tempDir } from '../support/ledger-fixtures';
import { buildLedger, openRuntime, signAs, type BuiltLedger } from '../support/ledger-builder';
import { copyLedger, envelopeAt, withDb, writ } from './cli-support';

installNodeSha256();

let built: BuiltLedger;
let receipt: Receipt;
const files = tempDir();

beforeAll(async () => {
  built = await buildLedger({ events: 90, agentsPerRound: 5, actionsPerAgent: 1 });
  const dir = copyLedger(built.dataDir);
  const runtime = await openRuntime(join(dir, 'writ.db'), built.ledger);
  const r = await runtime.submit(signAs(built.admin, { v: 1, ledgerId: built.ledgerId, type: 'principal.role_granted', actor: built.admin.id, nonce: randomUUID(), issuedAt: new Date().toISOString(), body: { principalId: built.human.id, role: 'auditor' } }));
  await runtime.close();
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  receipt = r.receipt;
});

type Summary = { events: number; counts: Record<string, Record<string, number>>; agents: { id: string; status: string }[]; delegations: { id: string; status: string }[] };

it('replays to a position: the state the runtime holds at that point', async () => {
  const run = writ('replay', '--store', built.dataDir, '--to', String(built.size - 1), '--json');
  expect(run.code).toBe(0);
  const summary = run.json<Summary>();
  const runtime = await openRuntime(built.dbPath, built.ledger);
  try {
    const view = runtime.view;
    expect(summary.events).toBe(built.size);
    for (const a of summary.agents) expect(a.status).toBe(view.agent(a.id)!.lifecycle);
    for (const d of summary.delegations) expect(d.status).toBe(view.delegation(d.id)!.status);
    expect(summary.agents).toHaveLength(built.agents.size);
  } finally {
    await runtime.close();
  }
  const early = writ('replay', '--store', built.dataDir, '--to', '3', '--json').json<Summary>();
  expect(early.events).toBe(4);
  expect(early.counts.principals).toEqual({ active: 3 });
  expect(writ('replay', '--store', built.dataDir, '--to', '3').stdout).toContain('after 4 events');
});

it('replays to a time: the events recorded at or before it', () => {
  const at = withDb(built.dataDir, (db) => envelopeAt(db, 10).recordedAt);
  const summary = writ('replay', '--store', built.dataDir, '--to', at, '--json').json<Summary>();
  expect(summary.events).toBeGreaterThanOrEqual(11);
  expect(writ('replay', '--store', built.dataDir, '--to', 'yesterday').code).toBe(2);
  expect(writ('replay', '--store', built.dataDir, '--to', '99999').code).toBe(2);
});

it('prints the latest checkpoint, and signs a fresh one the verifier accepts', () => {
  const latest = writ('checkpoint', '--store', built.dataDir, '--json');
  // The last event is the recorded checkpoint itself, of the log before it.
  expect(latest.json()).toMatchObject({ position: built.size - 1, treeSize: built.size - 1, signed: false, note: expect.stringContaining(`${built.origin}\n${built.size - 1}\n`) });
  const signed = writ('checkpoint', '--store', built.dataDir, '--sign');
  expect(signed.code).toBe(0);
  const note = join(files, 'fresh.note');
  writeFileSync(note, `${signed.stdout.trimEnd()}\n`);
  expect(signed.stdout).toContain(`${built.origin}\n${built.size}\n`);
  expect(writ('verify', '--store', built.dataDir, '--key', built.verifierKey, '--checkpoint', note).code).toBe(0);
});

it('proves inclusion and consistency, and verify-proof checks them against a signed checkpoint', () => {
  const note = join(files, 'latest.note');
  writeFileSync(note, built.checkpoint.note);
  const size = String(built.checkpoint.treeSize);
  const inclusion = writ('prove', 'inclusion', '--leaf', '17', '--size', size, '--store', built.dataDir);
  expect(inclusion.json()).toMatchObject({ kind: 'inclusion', leafIndex: 17, treeSize: built.checkpoint.treeSize, rootHash: built.checkpoint.rootHash });
  const consistency = writ('prove', 'consistency', '--from', '20', '--to', size, '--store', built.dataDir);
  expect(consistency.json()).toMatchObject({ kind: 'consistency', fromSize: 20, toRoot: built.checkpoint.rootHash });
  for (const [name, run] of [['inc.json', inclusion], ['con.json', consistency]] as const) {
    writeFileSync(join(files, name), run.stdout);
    const checked = writ('verify-proof', '--proof', join(files, name), '--checkpoint', note, '--key', built.verifierKey);
    expect([name, checked.code, checked.stdout]).toEqual([name, 0, expect.stringContaining('verified')]);
  }
  const forged = { ...inclusion.json(), leafIndex: 18 };
  writeFileSync(join(files, 'forged.json'), JSON.stringify(forged));
  expect(writ('verify-proof', '--proof', join(files, 'forged.json')).code).toBe(1);
});

it('verifies a receipt the service gave, with the ledger key', () => {
  writeFileSync(join(files, 'receipt.json'), JSON.stringify(receipt));
  expect(writ('verify-proof', '--receipt', join(files, 'receipt.json'), '--key', built.verifierKey).code).toBe(0);
  writeFileSync(join(files, 'bad-receipt.json'), JSON.stringify({ ...receipt, leafIndex: receipt.leafIndex - 1 }));
  expect(writ('verify-proof', '--receipt', join(files, 'bad-receipt.json'), '--key', built.verifierKey).code).toBe(1);
  expect(writ('verify-proof', '--receipt', join(files, 'receipt.json')).code).toBe(2);
});
