// Client mistakes over HTTP (issue 17, item 3): each is answered with a request code,
// never internal.error, never logged as a fault, and the same answer every time it is
// sent, whether the service has the document cached (and compiled) or not.
import { Logger } from '@nestjs/common';
import { startApp, type TestApp } from './support/app';
import { FakeLedger } from './support/fake-ledger';

let api: TestApp;
let logged: jest.SpyInstance;

beforeAll(async () => {
  api = await startApp(new FakeLedger());
});
afterAll(() => api.close());
beforeEach(() => {
  logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  expect(logged).not.toHaveBeenCalled(); // no fault, no stack trace
  jest.restoreAllMocks();
});

interface Answer {
  readonly status: number;
  readonly body: { data?: unknown; errors?: { message: string; path?: unknown; extensions: Record<string, unknown> }[] };
}

async function send(body: string, contentType = 'application/json'): Promise<Answer> {
  const response = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

async function get(query: string): Promise<Answer> {
  const response = await fetch(`${api.url}/graphql?query=${encodeURIComponent(query)}`);
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const codeOf = (answer: Answer) => ({ status: answer.status, code: answer.body.errors?.[0]?.extensions['code'], path: answer.body.errors?.[0]?.extensions['path'] });

/** Sends the same request four times: the first run, the cached one, the one that compiles it, the compiled one. */
async function repeated(request: () => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < 4; i++) answers.push(await request());
  return answers;
}

describe('a body that is not a GraphQL request is request.invalid_body, with the path of what is wrong', () => {
  test.each([
    ['a number for the query', '{"query":1}', 'query'],
    ['no query', '{}', 'query'],
    ['an empty query', '{"query":""}', 'query'],
    ['an array', '[{"query":"{ checkpoint { treeSize } }"}]', ''],
    ['a string', '"{ checkpoint { treeSize } }"', ''],
    ['variables that are a list', '{"query":"{ checkpoint { treeSize } }","variables":[1]}', 'variables'],
    ['an operation name that is a number', '{"query":"{ checkpoint { treeSize } }","operationName":7}', 'operationName'],
  ])('%s', async (_, body, path) => {
    for (const answer of await repeated(() => send(body))) {
      expect(codeOf(answer)).toEqual({ status: 400, code: 'request.invalid_body', path });
    }
  });
});

test('a JSON request sent as application/graphql is query.invalid: the body is read as GraphQL text', async () => {
  const body = JSON.stringify({ query: '{ checkpoint { treeSize } }' });
  for (const answer of await repeated(() => send(body, 'application/graphql'))) {
    expect(codeOf(answer)).toEqual({ status: 400, code: 'query.invalid', path: '' });
    expect(answer.body.errors![0]!.message).toMatch(/^Syntax Error: .*application\/json/);
  }
});

test('a mutation sent by GET is request.method_not_allowed (405)', async () => {
  const query = 'mutation($input: SignedStatementInput!) { grantRole(input: $input) { leafIndex } }';
  for (const answer of await repeated(() => get(query))) {
    expect(codeOf(answer)).toEqual({ status: 405, code: 'request.method_not_allowed', path: '' });
  }
});

test('a subscription sent by GET is request.method_not_allowed (405)', async () => {
  expect(codeOf(await get('subscription { eventFeed { position } }'))).toEqual({ status: 405, code: 'request.method_not_allowed', path: '' });
});

test("a subscription sent by POST is auth.missing_token, refused before its field's resolver runs", async () => {
  for (const answer of await repeated(() => send(JSON.stringify({ query: 'subscription { decisionFeed { leafIndex } }' })))) {
    expect(codeOf(answer)).toEqual({ status: 400, code: 'auth.missing_token', path: '' });
    expect(answer.body.errors![0]!.path).toBeUndefined(); // no field was executed
    expect(answer.body.errors![0]!.message).toMatch(/graphql-ws/);
  }
});

test('a mutation without its required variables is query.invalid every time', async () => {
  const query = 'mutation($input: SignedStatementInput!) { grantRole(input: $input) { leafIndex } }';
  const answers = await repeated(() => send(JSON.stringify({ query })));
  for (const answer of answers) {
    expect(codeOf(answer)).toEqual({ status: 400, code: 'query.invalid', path: '' });
    expect(answer.body.errors![0]!.message).toBe('Variable "$input" of required type "SignedStatementInput!" was not provided.');
  }
});

test('null for a required Int! is query.invalid every time', async () => {
  const body = JSON.stringify({ query: 'query($p: Int!) { inclusionProof(leafIndex: $p) { proof } }', variables: { p: null } });
  for (const answer of await repeated(() => send(body))) {
    expect(codeOf(answer)).toEqual({ status: 400, code: 'query.invalid', path: '' });
    expect(answer.body.errors![0]!.message).toBe('Variable "$p" of non-null type "Int!" must not be null.');
  }
});

test('a wrong variable after the same document ran well is still query.invalid', async () => {
  const query = 'query($p: Int!) { inclusionProof(leafIndex: $p) { leafIndex } }';
  for (let i = 0; i < 3; i++) expect((await send(JSON.stringify({ query, variables: { p: 1 } }))).status).toBe(200);
  for (const answer of await repeated(() => send(JSON.stringify({ query, variables: { p: 'one' } })))) {
    expect(codeOf(answer)).toEqual({ status: 400, code: 'query.invalid', path: '' });
  }
});

test('an unknown operation name is query.invalid', async () => {
  const body = JSON.stringify({ query: 'query A { checkpoint { treeSize } } query B { checkpoint { note } }', operationName: 'C' });
  for (const answer of await repeated(() => send(body))) {
    expect(codeOf(answer)).toEqual({ status: 400, code: 'query.invalid', path: '' });
  }
});

test('an input object nested 10,000 deep is refused before it is parsed', async () => {
  const deep = `{ inclusionProof(leafIndex: 1, treeSize: ${'{a:'.repeat(10_000)}1${'}'.repeat(10_000)}) { proof } }`;
  for (const answer of await repeated(() => send(JSON.stringify({ query: deep })))) {
    expect(codeOf(answer)).toEqual({ status: 400, code: 'query.too_large', path: '' });
  }
  const deepList = `{ inclusionProof(leafIndex: ${'['.repeat(10_000)}1${']'.repeat(10_000)}) { proof } }`;
  for (const answer of await repeated(() => send(JSON.stringify({ query: deepList })))) {
    expect(codeOf(answer)).toEqual({ status: 400, code: 'query.too_deep', path: '' });
  }
});

test('2,000 nested inline fragments are refused before they are parsed', async () => {
  const spelled = `{ ${'... on Query { '.repeat(2000)}checkpoint { treeSize }${' }'.repeat(2000)} }`;
  expect(codeOf(await send(JSON.stringify({ query: spelled })))).toEqual({ status: 400, code: 'query.too_large', path: '' });
  const compact = `{ ${'...{'.repeat(2000)}checkpoint { treeSize }${'}'.repeat(2000)} }`;
  for (const answer of await repeated(() => send(JSON.stringify({ query: compact })))) {
    expect(codeOf(answer)).toEqual({ status: 400, code: 'query.too_deep', path: '' });
    expect(answer.body.errors![0]!.extensions['details']).toEqual({ nesting: 33, max: 32 });
  }
});
