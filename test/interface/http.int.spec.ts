// The public HTTP endpoints over real HTTP: checkpoint note, JWKS, health, metrics.
import { CompactSign, compactVerify, createLocalJWKSet } from 'jose';
import { Metrics } from '../../src/application/metrics/metrics.service';
import { startApp, type TestApp } from './support/app';
import { FakeLedger } from './support/fake-ledger';
import { newKey } from './support/keys';

const retired = newKey();
const current = newKey();
let ledger: FakeLedger;
let api: TestApp;

beforeAll(async () => {
  ledger = new FakeLedger([
    { kid: 'key-2025', publicKey: retired.raw, current: false },
    { kid: 'key-2026', publicKey: current.raw, current: true },
  ]);
  api = await startApp(ledger);
});
afterAll(() => api.close());

test('GET /checkpoint serves the latest signed note as UTF-8 text, byte for byte', async () => {
  const response = await fetch(`${api.url}/checkpoint`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  expect(await response.text()).toBe(ledger.latestCheckpoint().note);
});

describe('GET /.well-known/jwks.json', () => {
  const jws = (key: typeof current, kid: string) =>
    new CompactSign(new TextEncoder().encode('credential')).setProtectedHeader({ alg: 'EdDSA', kid }).sign(key.privateKey);

  async function jwks() {
    const response = await fetch(`${api.url}/.well-known/jwks.json`);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    return createLocalJWKSet((await response.json()) as Parameters<typeof createLocalJWKSet>[0]);
  }

  test('lists every ledger key as an Ed25519 signing JWK', async () => {
    const body = await (await fetch(`${api.url}/.well-known/jwks.json`)).json();
    expect(body).toEqual({
      keys: [
        { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(retired.raw).toString('base64url'), kid: 'key-2025', use: 'sig', alg: 'EdDSA' },
        { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(current.raw).toString('base64url'), kid: 'key-2026', use: 'sig', alg: 'EdDSA' },
      ],
    });
  });

  test.each([
    ['current', current, 'key-2026'],
    ['rotated', retired, 'key-2025'],
  ])('verifies a JWS signed by the %s ledger key', async (_, key, kid) => {
    const { payload } = await compactVerify(await jws(key, kid), await jwks());
    expect(new TextDecoder().decode(payload)).toBe('credential');
  });

  test('refuses a JWS signed by another key under a ledger kid', async () => {
    await expect(compactVerify(await jws(newKey(), 'key-2026'), await jwks())).rejects.toThrow(/signature verification failed/);
  });
});

test('GET /healthz reports ok and the tree size', async () => {
  const response = await fetch(`${api.url}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', treeSize: ledger.size() });
});

test('GET /metrics serves Prometheus text with the ledger counters and process metrics', async () => {
  const metrics = api.app.get(Metrics);
  metrics.appended(3);
  metrics.refused('statement.bad_signature');
  metrics.decided('denied');
  metrics.decisionFailedClosed();
  metrics.batch(3);
  metrics.appendLatency(0.002);
  const response = await fetch(`${api.url}/metrics`);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  expect(text).toContain('writ_appends_total 3');
  expect(text).toContain('writ_refusals_total{code="statement.bad_signature"} 1');
  expect(text).toContain('writ_decisions_total{outcome="denied"} 1');
  expect(text).toContain('writ_decisions_fail_closed_total 1');
  expect(text).toContain('writ_batch_size_count 1');
  expect(text).toContain('writ_append_latency_seconds_count 1');
  expect(text).toContain('process_cpu_user_seconds_total');
});

test('a second app in the same process has its own metrics', async () => {
  api.app.get(Metrics).appended(2);
  const other = await startApp(new FakeLedger());
  try {
    const text = await (await fetch(`${other.url}/metrics`)).text();
    expect(text).toMatch(/^writ_appends_total 0$/m);
    expect(await (await fetch(`${api.url}/metrics`)).text()).not.toMatch(/^writ_appends_total 0$/m);
  } finally {
    await other.close();
  }
});
