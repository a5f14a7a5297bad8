// Issue 17, item 11: the read token's clock tolerance, at its boundary, over real HTTP.
// Readers sign with their own clocks, so the service forgives 30 s of skew on both ends
// of a token's window: an iat up to 30 s ahead, an exp up to 30 s behind. Only Date is
// faked (pinned at one instant, so no second ticks between signing and checking); the
// server, its timers and fetch run for real.
import { READ_TOKEN_CLOCK_TOLERANCE_SECONDS } from '../../src/interface/auth/read-token.verifier';
import { startApp, type TestApp } from './support/app';
import { FakeLedger } from './support/fake-ledger';
import { newKey, readToken } from './support/keys';

const EVENT = '{ event(position: 1) { position } }';
const key = newKey();
let ledger: FakeLedger;
let api: TestApp;

beforeAll(async () => {
  ledger = new FakeLedger();
  ledger.addReader('admin-1', key.raw, ['admin']);
  api = await startApp(ledger);
});
afterAll(() => api.close());

beforeEach(() => {
  jest.useFakeTimers({
    now: Date.parse('2026-11-24T10:00:00.500Z'),
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
});
afterEach(() => jest.useRealTimers());

/** `iatOffset` seconds from now; the token lives `lifetime` seconds from its iat. */
async function read(iatOffset: number, lifetime: number): Promise<string | undefined> {
  const token = await readToken(key, { iss: 'admin-1', aud: ledger.ledgerId, iatOffset, lifetime });
  const { body } = await api.graphql(EVENT, undefined, token);
  return body.errors?.[0]?.extensions['code'] ?? (body.data?.['event'] ? 'read' : 'empty');
}

test('the tolerance is 30 seconds', () => {
  expect(READ_TOKEN_CLOCK_TOLERANCE_SECONDS).toBe(30);
});

test('a token issued 29 s in the future is accepted, 31 s is refused', async () => {
  expect(await read(29, 60)).toBe('read');
  expect(await read(31, 60)).toBe('auth.invalid_token');
});

test('a token that expired 29 s ago is accepted, 31 s ago is refused', async () => {
  expect(await read(-89, 60)).toBe('read');
  expect(await read(-91, 60)).toBe('auth.invalid_token');
});
