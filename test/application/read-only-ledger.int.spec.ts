// The ledger of a forensic copy (WRIT_READ_ONLY) refuses every write in the ledger layer,
// so every door that submits through the LedgerPort gets `ledger.read_only`, and the log
// stays as it was; reads answer from the record (keys and checkpoints it names).
import { join } from 'node:path';
import { openReadOnlyCopy, ReadOnlyLedger } from '../../src/application/ledger/read-only-ledger';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { buildLedger, type BuiltLedger } from '../support/ledger-builder';

installNodeSha256();

let built: BuiltLedger;
let ledger: ReadOnlyLedger;

beforeAll(async () => {
  built = await buildLedger({ events: 60, agentsPerRound: 2, actionsPerAgent: 1 });
  ledger = await openReadOnlyCopy(built.dataDir);
}, 60_000);

afterAll(() => ledger.close());

const anyStatement = { statement: '{}', signature: 'AAAA' };
const codes = (result: { ok: boolean; problems?: readonly { code: string }[] }) => (result.ok ? 'accepted' : result.problems!.map((p) => p.code));

test('every write is refused with ledger.read_only and the log does not grow', async () => {
  const size = ledger.size();
  expect(ledger.readOnly).toBe(true);
  expect(codes(await ledger.submit(anyStatement))).toEqual(['ledger.read_only']);
  expect((await ledger.submitBatch([anyStatement, anyStatement])).map(codes)).toEqual([['ledger.read_only'], ['ledger.read_only']]);
  expect(codes(await ledger.requestCredential(anyStatement))).toEqual(['ledger.read_only']);
  expect(codes(await ledger.authorize(anyStatement))).toEqual(['ledger.read_only']);
  expect(ledger.size()).toBe(size);
});

test('reads come from the record: its ledger, its latest recorded checkpoint, its key', async () => {
  expect(ledger.ledgerId).toBe(built.ledgerId);
  expect(ledger.size()).toBe(built.size);
  expect(ledger.verifierKey).toBe(built.verifierKey);
  const checkpoint = ledger.latestCheckpoint();
  expect(checkpoint.origin).toBe(built.origin);
  expect(checkpoint.treeSize).toBeLessThanOrEqual(built.size);
  const proof = ledger.inclusionProof(0);
  expect(proof.ok && proof.value).toMatchObject({ treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash });
  expect(ledger.ledgerKeys()).toEqual([expect.objectContaining({ current: true })]);
  expect(ledger.reader(built.admin.id)).toMatchObject({ id: built.admin.id, roles: expect.arrayContaining(['admin']) });
});

test('a directory without a store is refused in one line', async () => {
  await expect(openReadOnlyCopy(join(built.dataDir, 'nothing-here'))).rejects.toThrow(/holds no store \(writ\.db\) to serve read-only/);
});
