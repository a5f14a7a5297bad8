// Issue 17 item 10: `writ prove`, `writ checkpoint` and `writ verify-proof` agree by
// default on an untampered log whose head is past its latest recorded checkpoint (as
// on any live ledger), and every one of them takes --json. Run as `npx writ` runs them:
// through the package's bin entry.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { tempDir } from '../support/ledger-fixtures';
import { buildLedger, openRuntime, signAs, type BuiltLedger } from '../support/ledger-builder';
import { copyLedger, writBin } from './cli-support';

installNodeSha256();

let built: BuiltLedger;
let store: string;
let recorded: { position: number; treeSize: number; note: string };
let head: number;
const files = tempDir();

beforeAll(async () => {
  built = await buildLedger({ events: 60, agentsPerRound: 4, actionsPerAgent: 1 });
  // Two appends after the last recorded checkpoint: the head has no recorded checkpoint.
  store = copyLedger(built.dataDir);
  const runtime = await openRuntime(join(store, 'writ.db'), built.ledger);
  for (const role of ['auditor', 'broker']) {
    const r = await runtime.submit(signAs(built.admin, { v: 1, ledgerId: built.ledgerId, type: 'principal.role_granted', actor: built.admin.id, nonce: randomUUID(), issuedAt: new Date().toISOString(), body: { principalId: built.human.id, role } }));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
  }
  head = runtime.size();
  await runtime.close();
  const latest = writBin('checkpoint', '--store', store, '--json');
  expect(latest.code).toBe(0);
  recorded = latest.json();
  expect(recorded.treeSize).toBeLessThan(head - 1);
});

const save = (name: string, text: string) => {
  const file = join(files, name);
  writeFileSync(file, text);
  return file;
};

it('prove inclusion, then writ checkpoint, then verify-proof: verified (the proof is made for the latest recorded checkpoint)', () => {
  const proved = writBin('prove', 'inclusion', '--leaf', '17', '--store', store, '--json');
  expect([proved.code, proved.stderr]).toEqual([0, '']);
  const proof = proved.json<{ treeSize: number; checkpoint: { position: number; treeSize: number; note: string } }>();
  expect(proof.treeSize).toBe(recorded.treeSize);
  expect(proof.checkpoint).toEqual({ position: recorded.position, treeSize: recorded.treeSize, note: recorded.note });

  const note = save('latest.note', `${writBin('checkpoint', '--store', store).stdout}`);
  const checked = writBin('verify-proof', '--proof', save('inclusion.json', proved.stdout), '--checkpoint', note, '--key', built.verifierKey);
  expect([checked.code, checked.stdout.trimEnd().split('\n').at(-1)]).toEqual([0, 'verified']);
  // The proof names its checkpoint: the key alone binds it to the ledger.
  const named = writBin('verify-proof', '--proof', join(files, 'inclusion.json'), '--key', built.verifierKey, '--json');
  expect([named.code, named.json<{ ok: boolean }>().ok]).toEqual([0, true]);
});

it('prove consistency defaults to the latest recorded checkpoint too, and verify-proof agrees', () => {
  const proved = writBin('prove', 'consistency', '--from', '20', '--store', store, '--json');
  expect(proved.code).toBe(0);
  expect(proved.json()).toMatchObject({ fromSize: 20, toSize: recorded.treeSize, checkpoint: { position: recorded.position } });
  const checked = writBin('verify-proof', '--proof', save('consistency.json', proved.stdout), '--key', built.verifierKey);
  expect([checked.code, checked.stdout.trimEnd().split('\n').at(-1)]).toEqual([0, 'verified']);
});

it('--size still proves for any tree; a checkpoint of another size is refused with the size to ask for', () => {
  const atHead = writBin('prove', 'inclusion', '--leaf', '17', '--size', String(head), '--store', store, '--json');
  expect(atHead.code).toBe(0);
  expect(atHead.json()).not.toHaveProperty('checkpoint');
  const checked = writBin('verify-proof', '--proof', save('head.json', atHead.stdout), '--checkpoint', save('recorded.note', recorded.note), '--key', built.verifierKey);
  expect(checked.code).toBe(1);
  expect(checked.stdout).toContain(`--size ${recorded.treeSize}`);
  // A fresh signed checkpoint of the whole log matches a proof at the head.
  const signed = save('signed.note', writBin('checkpoint', '--store', store, '--sign').stdout);
  expect(writBin('verify-proof', '--proof', join(files, 'head.json'), '--checkpoint', signed, '--key', built.verifierKey).code).toBe(0);
});

it('a leaf past the latest recorded checkpoint is refused (exit 2) naming that checkpoint, not proven against an unsigned head', () => {
  const late = writBin('prove', 'inclusion', '--leaf', String(head - 1), '--store', store);
  expect([late.code, late.stdout]).toEqual([2, '']);
  expect(late.stderr).toContain(`tree size ${recorded.treeSize}, at position ${recorded.position}`);
});
