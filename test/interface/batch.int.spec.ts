// The broker batch: each statement gets its own result; a refusal, whether the port's or
// the edge's, does not fail the others, and only well-formed statements reach the port.
import { problem } from '../../src/errors/problem';
import { MAX_BATCH } from '../../src/interface/graphql/batch';
import { signedInput, startApp, type TestApp } from './support/app';
import { FakeLedger } from './support/fake-ledger';

const BATCH = `mutation($inputs: [SignedStatementInput!]!) {
  submitStatements(inputs: $inputs) { receipt { leafIndex type replayed } replayed errors { code message path details } }
}`;

let ledger: FakeLedger;
let api: TestApp;

beforeAll(async () => {
  ledger = new FakeLedger();
  api = await startApp(ledger);
});
afterAll(() => api.close());

test('accepted, refused and malformed statements each get their own result, in order', async () => {
  ledger.refuse('{"b":2}', problem('actor.not_authorized', 'brokers may not grant roles', 'actor'));
  const malformed = { statement: '{"c":3}', signature: 'short' };
  const inputs = [signedInput('{"a":1}'), signedInput('{"b":2}'), malformed, signedInput('{"d":4}')];
  const { status, body } = await api.graphql(BATCH, { inputs });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  const results = body.data!['submitStatements'];
  expect(results.map((r: { receipt: unknown }) => r.receipt !== null)).toEqual([true, false, false, true]);
  expect(results[1]).toEqual({
    receipt: null,
    replayed: false,
    errors: [{ code: 'actor.not_authorized', message: 'brokers may not grant roles', path: 'actor', details: null }],
  });
  expect(results[2].errors).toEqual([expect.objectContaining({ code: 'input.invalid', path: 'inputs[2].signature' })]);
  expect(ledger.batches.at(-1)).toEqual([inputs[0], inputs[1], inputs[3]]);
});

test('a replayed statement in a batch is marked replayed', async () => {
  await api.graphql(BATCH, { inputs: [signedInput('{"r":1}')] });
  const { body } = await api.graphql(BATCH, { inputs: [signedInput('{"r":1}'), signedInput('{"r":2}')] });
  expect(body.data!['submitStatements'].map((r: { replayed: boolean }) => r.replayed)).toEqual([true, false]);
});

test.each([
  ['empty', 0],
  ['over the limit', MAX_BATCH + 1],
])('an %s batch is refused as a whole at path inputs', async (_, count) => {
  const before = ledger.batches.length;
  const inputs = Array.from({ length: count }, (_, i) => signedInput(`{"n":${i}}`));
  const { body } = await api.graphql(BATCH, { inputs });
  expect(body.data).toEqual({ submitStatements: null });
  expect(body.errors![0]!.extensions).toMatchObject({ code: 'input.invalid', path: 'inputs', details: { count, max: MAX_BATCH } });
  expect(ledger.batches.length).toBe(before);
});

test(`a full batch of ${MAX_BATCH} statements is accepted`, async () => {
  const inputs = Array.from({ length: MAX_BATCH }, (_, i) => signedInput(`{"full":${i}}`));
  const { body } = await api.graphql(BATCH, { inputs });
  expect(body.data!['submitStatements']).toHaveLength(MAX_BATCH);
  expect(ledger.batches.at(-1)).toHaveLength(MAX_BATCH);
});
