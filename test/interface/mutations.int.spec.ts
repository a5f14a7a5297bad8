// Per-use mutations over real HTTP: each reaches the port with its expected statement
// type, refusals come back as GraphQL errors with code and path, and bad input shapes
// are refused at the edge, every bad field at once.
import { STATEMENT_TYPES } from '../../src/domain/catalogue';
import { problem } from '../../src/errors/problem';
import { STATEMENT_MUTATIONS } from '../../src/interface/graphql/statement-mutations';
import { signedInput, startApp, type TestApp } from './support/app';
import { FakeLedger } from './support/fake-ledger';

const RECEIPT_FIELDS = 'envelopeHash leafIndex stream revision type result checkpoint treeSize inclusionProof replayed';
// requestCredential and authorize answer more than a receipt; the receipt is one field of it.
const RICHER = new Set<string>(STATEMENT_MUTATIONS.filter((m) => 'answer' in m).map((m) => m.mutation));
const mutationText = (name: string) =>
  `mutation($input: SignedStatementInput!) { ${name}(input: $input) { ${RICHER.has(name) ? `receipt { ${RECEIPT_FIELDS} }` : RECEIPT_FIELDS} } }`;

let ledger: FakeLedger;
let api: TestApp;

beforeAll(async () => {
  ledger = new FakeLedger();
  api = await startApp(ledger);
});
afterAll(() => api.close());

test.each(STATEMENT_MUTATIONS.map((m) => [m.mutation, m.statementType]))(
  '%s submits with expected type %s and returns the receipt',
  async (mutation, statementType) => {
    const input = signedInput(`{"use":"${mutation}"}`);
    const { status, body } = await api.graphql(mutationText(mutation), { input });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(ledger.submissions.at(-1)).toEqual({ input, expectedType: statementType });
    expect(RICHER.has(mutation) ? body.data![mutation].receipt : body.data![mutation]).toMatchObject({
      envelopeHash: 'b'.repeat(64),
      type: statementType,
      result: { decision: 'allowed', chain: ['d1', 'd2'] },
      inclusionProof: ['c'.repeat(64)],
      replayed: false,
    });
  },
);

test('every statement type an actor signs has exactly one mutation', () => {
  // authzen.evaluation comes over the AuthZEN HTTP API (/access/v1/*), not GraphQL.
  const ledgerOwn = new Set(['ledger.genesis', 'checkpoint.recorded', 'authzen.evaluation']);
  const signed = STATEMENT_TYPES.filter((t) => !ledgerOwn.has(t)).sort();
  expect(STATEMENT_MUTATIONS.map((m) => m.statementType).sort()).toEqual(signed);
  expect(new Set(STATEMENT_MUTATIONS.map((m) => m.mutation)).size).toBe(STATEMENT_MUTATIONS.length);
});

test('a replayed statement returns the original receipt, marked replayed', async () => {
  const input = signedInput('{"replay":1}');
  const first = await api.graphql(mutationText('grantRole'), { input });
  const again = await api.graphql(mutationText('grantRole'), { input });
  expect(again.body.data!['grantRole']).toEqual({ ...first.body.data!['grantRole'], replayed: true });
});

test("the port's refusal comes back with HTTP 200, the first problem's code and path, and every problem", async () => {
  const statement = '{"refuse":1}';
  ledger.refuse(
    statement,
    problem('delegation.not_attenuated', 'wider than the parent', 'body.capabilities[0].resource', { parent: 'erp://po/*' }),
    problem('delegation.window_outside_parent', 'ends after the parent', 'body.notAfter'),
  );
  const { status, body } = await api.graphql(mutationText('grantDelegation'), { input: signedInput(statement) });
  expect(status).toBe(200);
  expect(body.data).toEqual({ grantDelegation: null });
  expect(body.errors).toHaveLength(1);
  const [error] = body.errors!;
  expect(error!.message).toBe('wider than the parent');
  expect(error!.path).toEqual(['grantDelegation']);
  expect(error!.extensions).toEqual({
    code: 'delegation.not_attenuated',
    path: 'body.capabilities[0].resource',
    details: { parent: 'erp://po/*' },
    problems: [
      { code: 'delegation.not_attenuated', message: 'wider than the parent', path: 'body.capabilities[0].resource', details: { parent: 'erp://po/*' } },
      { code: 'delegation.window_outside_parent', message: 'ends after the parent', path: 'body.notAfter' },
    ],
    requestId: expect.any(String),
  });
});

test('every malformed field is reported as input.invalid, and the port is not called', async () => {
  const before = ledger.submissions.length;
  const input = { statement: '', signature: 'not base64url!' };
  const { status, body } = await api.graphql(mutationText('registerPrincipal'), { input });
  expect(status).toBe(200);
  expect(body.data).toEqual({ registerPrincipal: null });
  const extensions = body.errors![0]!.extensions;
  expect(extensions['code']).toBe('input.invalid');
  expect(extensions['problems'].map((p: { path: string; code: string }) => [p.code, p.path])).toEqual([
    ['input.invalid', 'input.statement'],
    ['input.invalid', 'input.signature'],
  ]);
  expect(ledger.submissions.length).toBe(before);
});

test.each([
  ['85 characters', 'A'.repeat(85)],
  ['87 characters', 'A'.repeat(87)],
  ['padding', `${'A'.repeat(84)}==`],
  ['standard base64 alphabet', `${'A'.repeat(85)}+`],
])('a signature with %s is refused at input.signature', async (_, signature) => {
  const { body } = await api.graphql(mutationText('suspendAgent'), { input: { statement: '{}', signature } });
  expect(body.errors![0]!.extensions).toMatchObject({ code: 'input.invalid', path: 'input.signature' });
});

test('the statement limit counts UTF-8 bytes, not characters', async () => {
  const limit = 64 * 1024;
  const fits = 'é'.repeat(limit / 2); // two bytes each: exactly the limit
  const over = `${fits}a`;
  const accepted = await api.graphql(mutationText('reviewAgent'), { input: signedInput(fits) });
  const refused = await api.graphql(mutationText('reviewAgent'), { input: signedInput(over) });
  expect(accepted.body.errors).toBeUndefined();
  expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'input.invalid', path: 'input.statement' });
});
