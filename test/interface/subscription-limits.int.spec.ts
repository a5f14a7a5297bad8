// Subscriptions over graphql-ws get the bounds and validation of requests over HTTP:
// Mercurius itself runs them unvalidated. Each refusal is the subscription's error, with
// its code, before the feed is opened.
import { createClient, type Client } from 'graphql-ws';
import { GRAPHQL_LIMITS } from '../../src/interface/graphql/graphql-limits';
import { startApp, type TestApp } from './support/app';
import { FakeLedger } from './support/fake-ledger';

// `ws` ships no types here; graphql-ws takes any WebSocket implementation.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const WebSocket: unknown = require('ws');

let api: TestApp;
let client: Client;

beforeAll(async () => {
  api = await startApp(new FakeLedger());
  client = createClient({ url: api.url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0 });
});
afterAll(async () => {
  await client.dispose();
  await api.close();
});

/** The code of the first error the subscription ends with. */
async function refusal(query: string): Promise<unknown> {
  try {
    for await (const result of client.iterate({ query })) {
      if (result.errors) return result.errors[0]!.extensions?.['code'];
    }
  } catch (error) {
    return ((Array.isArray(error) ? error : [error]) as { extensions?: { code?: unknown } }[])[0]!.extensions?.code;
  }
  return undefined;
}

test.each([
  ['more aliases than allowed', `subscription { eventFeed { ${Array.from({ length: GRAPHQL_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: position`).join(' ')} } }`, 'query.too_many_aliases'],
  ['an unknown field', 'subscription { eventFeed { nope } }', 'query.invalid'],
  ['two feeds in one subscription', 'subscription { eventFeed { position } decisionFeed { leafIndex } }', 'query.invalid'],
  ['brackets nested too deep', `subscription { eventFeed(filter: { types: ${'['.repeat(40)}"x"${']'.repeat(40)} }) { position } }`, 'query.too_deep'],
  ['too many tokens', `subscription { eventFeed { position } } ${'#\n'.repeat(GRAPHQL_LIMITS.maxTokens)}`, 'query.too_large'],
])('%s is refused before the feed is opened', async (_, query, code) => {
  expect(await refusal(query)).toBe(code);
});

test('a valid subscription reaches the feed, which asks for the token', async () => {
  expect(await refusal('subscription { eventFeed { position } }')).toBe('auth.missing_token');
});
