// `receipt(position)`: the receipt of any event in one query (instead of the event, the
// checkpoint and an inclusion proof asked for separately), over real HTTP against a real
// runtime, checked offline by the SDK with the ledger's verifier key alone.
import type { Receipt } from '../../src/application/ledger/ledger.port';
import { verifyReceipt } from '../../src/sdk';
import type { TestApp } from './support/app';
import { startReadApp, tokenOf } from '../read-models/support/app';
import { openWorld, seedStory, type World } from '../read-models/support/world';

const RECEIPT = 'query($p: Int!) { receipt(position: $p) { envelopeHash leafIndex stream revision type result checkpoint treeSize inclusionProof replayed } }';

let w: World;
let r: Record<string, Receipt>;
let api: TestApp;

beforeAll(async () => {
  w = await openWorld(300);
  r = await seedStory(w);
  api = await startReadApp(w);
});
afterAll(async () => {
  await api.close();
  await w.close();
});

test('an auditor gets the receipt of an event someone else submitted, and it verifies offline with its envelope', async () => {
  const position = r['allowed']!.leafIndex;
  const { body } = await api.graphql(RECEIPT, { p: position }, await tokenOf(w, w.people.auditor));
  expect(body.errors).toBeUndefined();
  // Re-parsed in the test's realm: fetch builds its objects with Node's own Object, which
  // the JCS plain-object check (rightly) does not take for a plain object here.
  const receipt = JSON.parse(JSON.stringify(body.data!['receipt'])) as Receipt & { replayed: boolean };
  expect(receipt).toMatchObject({ envelopeHash: r['allowed']!.envelopeHash, leafIndex: position, type: 'action.authorized', treeSize: w.runtime.size(), replayed: false });
  const event = await w.runtime.eventAt(position);
  const verified = verifyReceipt(receipt, w.runtime.verifierKey, { envelope: event!.envelope, origin: w.runtime.origin });
  expect(verified.ok ? [] : verified.problems).toEqual([]);
});

test('a position past the end answers null; a negative one is refused at its path; without a token auth.missing_token', async () => {
  const token = await tokenOf(w, w.people.admin);
  expect((await api.graphql(RECEIPT, { p: w.runtime.size() + 5 }, token)).body.data).toEqual({ receipt: null });
  const negative = await api.graphql(RECEIPT, { p: -1 }, token);
  expect(negative.body.errors![0]!.extensions['code']).toBe('input.invalid');
  expect(negative.body.errors![0]!.extensions['path']).toBe('position');
  const anonymous = await api.graphql(RECEIPT, { p: 0 });
  expect(anonymous.body.errors![0]!.extensions['code']).toBe('auth.missing_token');
});
