// Reads over real HTTP: proofs and the checkpoint are public; events and streams need a
// short-lived self-signed JWT from an admin or an auditor.
import { SignJWT } from 'jose';
import { startApp, type TestApp } from './support/app';
import { FakeLedger } from './support/fake-ledger';
import { newKey, readToken, type TestKey } from './support/keys';

const EVENT = '{ event(position: 1) { position stream revision type hash envelope } }';
const STREAM = '{ stream(name: "principal-alice") { position revision type } }';

let ledger: FakeLedger;
let api: TestApp;
const keys: Record<'admin' | 'auditor' | 'human' | 'retired' | 'stranger', TestKey> = {
  admin: newKey(),
  auditor: newKey(),
  human: newKey(),
  retired: newKey(),
  stranger: newKey(),
};

beforeAll(async () => {
  ledger = new FakeLedger();
  ledger.addReader('admin-1', keys.admin.raw, ['admin']);
  ledger.addReader('auditor-1', keys.auditor.raw, ['auditor']);
  ledger.addReader('human-1', keys.human.raw, ['broker']);
  ledger.addReader('retired-1', keys.retired.raw, ['admin'], false);
  api = await startApp(ledger);
});
afterAll(() => api.close());

const tokenFor = (who: keyof typeof keys, iss: string, overrides: Partial<Parameters<typeof readToken>[1]> = {}) =>
  readToken(keys[who], { iss, aud: ledger.ledgerId, ...overrides });

function expectRefusal(body: Awaited<ReturnType<TestApp['graphql']>>['body'], field: string, code: string) {
  expect(body.data).toEqual({ [field]: null });
  expect(body.errors![0]!.extensions['code']).toBe(code);
}

describe('public reads need no token', () => {
  test('checkpoint', async () => {
    const { status, body } = await api.graphql('{ checkpoint { note origin treeSize rootHash } }');
    expect(status).toBe(200);
    expect(body.data!['checkpoint']).toEqual(ledger.latestCheckpoint());
  });

  test('inclusion and consistency proofs', async () => {
    const { body } = await api.graphql(
      '{ inclusionProof(leafIndex: 1) { leafIndex treeSize rootHash proof } consistencyProof(fromSize: 1, toSize: 3) { fromSize toSize fromRoot toRoot proof } }',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!['inclusionProof']).toEqual({ leafIndex: 1, treeSize: 3, rootHash: 'e'.repeat(64), proof: ['c'.repeat(64), 'd'.repeat(64)] });
    expect(body.data!['consistencyProof']).toMatchObject({ fromSize: 1, toSize: 3, proof: ['f'.repeat(64)] });
  });

  test("the port's refusal of a proof keeps its code and path", async () => {
    const { status, body } = await api.graphql('{ inclusionProof(leafIndex: 7) { proof } }');
    expect(status).toBe(200);
    expectRefusal(body, 'inclusionProof', 'merkle.out_of_range');
    expect(body.errors![0]!.extensions['path']).toBe('leafIndex');
  });

  test('negative sizes are refused at the edge, each argument at its path', async () => {
    const { body } = await api.graphql('{ consistencyProof(fromSize: -1, toSize: -2) { proof } }');
    expect(body.errors![0]!.extensions['problems'].map((p: { path: string }) => p.path)).toEqual(['fromSize', 'toSize']);
  });
});

describe('protected reads refuse', () => {
  test('a request without a token: auth.missing_token', async () => {
    const { status, body } = await api.graphql(EVENT);
    expect(status).toBe(200);
    expectRefusal(body, 'event', 'auth.missing_token');
  });

  test.each([
    ['expired', () => tokenFor('admin', 'admin-1', { iatOffset: -400, lifetime: 200 })],
    ['issued in the future', () => tokenFor('admin', 'admin-1', { iatOffset: 600 })],
    ['valid for more than five minutes', () => tokenFor('admin', 'admin-1', { lifetime: 301 })],
    ['for another ledger', () => tokenFor('admin', 'admin-1', { aud: 'other-ledger' })],
    ['signed by another key', () => tokenFor('stranger', 'admin-1')],
    ['tampered with', async () => tamper(await tokenFor('admin', 'admin-1'))],
    ['not a JWT', async () => 'not.a.jwt'],
    ['without exp', () => new SignJWT({}).setProtectedHeader({ alg: 'EdDSA' }).setIssuer('admin-1').setAudience('test-ledger').setIssuedAt().sign(keys.admin.privateKey)],
    ['unsigned (alg none)', async () => unsigned({ iss: 'admin-1', aud: 'test-ledger', iat: now(), exp: now() + 60 })],
  ])('a token %s: auth.invalid_token', async (_, token) => {
    const { body } = await api.graphql(EVENT, undefined, await token());
    expectRefusal(body, 'event', 'auth.invalid_token');
  });

  test('a header that is not a Bearer token: auth.invalid_token', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic YWRtaW46YWRtaW4=' },
      body: JSON.stringify({ query: EVENT }),
    });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('auth.invalid_token');
  });

  test('a token from an unknown principal: auth.unknown_principal', async () => {
    const { body } = await api.graphql(EVENT, undefined, await tokenFor('stranger', 'nobody'));
    expectRefusal(body, 'event', 'auth.unknown_principal');
  });

  test('a token from a deactivated principal: auth.inactive_principal', async () => {
    const { body } = await api.graphql(EVENT, undefined, await tokenFor('retired', 'retired-1'));
    expectRefusal(body, 'event', 'auth.inactive_principal');
  });

  test('a valid token from a principal who is neither admin nor auditor: auth.forbidden', async () => {
    const { body } = await api.graphql(STREAM, undefined, await tokenFor('human', 'human-1'));
    expectRefusal(body, 'stream', 'auth.forbidden');
  });
});

describe('admins and auditors read', () => {
  test('an admin reads an event by position', async () => {
    const { body } = await api.graphql(EVENT, undefined, await tokenFor('admin', 'admin-1'));
    expect(body.errors).toBeUndefined();
    expect(body.data!['event']).toEqual(ledger.events[1]);
  });

  test('an auditor reads a stream, with its defaults', async () => {
    const { body } = await api.graphql(STREAM, undefined, await tokenFor('auditor', 'auditor-1'));
    expect(body.data!['stream']).toEqual([
      { position: 1, revision: 0, type: 'principal.registered' },
      { position: 2, revision: 1, type: 'principal.role_granted' },
    ]);
  });

  test('an event past the head is null, not an error', async () => {
    const { body } = await api.graphql('{ event(position: 99) { position } }', undefined, await tokenFor('admin', 'admin-1'));
    expect(body).toEqual({ data: { event: null } });
  });

  test('stream arguments out of range are refused, each at its path', async () => {
    const query = '{ stream(name: "", fromRevision: -1, limit: 1001) { position } }';
    const { body } = await api.graphql(query, undefined, await tokenFor('admin', 'admin-1'));
    expect(body.errors![0]!.extensions['problems'].map((p: { path: string }) => p.path)).toEqual(['name', 'fromRevision', 'limit']);
  });
});

const now = () => Math.floor(Date.now() / 1000);

function tamper(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
  const changed = Buffer.from(JSON.stringify({ ...claims, iss: 'auditor-1' })).toString('base64url');
  return [header, changed, signature].join('.');
}

function unsigned(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.`;
}
