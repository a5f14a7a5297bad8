// What an operator scrapes first, over HTTP from the real service after some traffic:
// log size, checkpoint age, read-model lag, decision and append latency, GraphQL request
// durations by (bounded) operation name, the signature queue, store errors.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { startService, type ServiceProcess } from '../support/service-process';
import { ServiceWorld } from '../authorization/support/service-world';

let service: ServiceProcess;

beforeAll(async () => {
  service = await startService({ env: { WRIT_DURABILITY: 'normal', WRIT_CHECKPOINT_INTERVAL_MS: '200' } });
}, 60_000);
afterAll(async () => {
  await service?.stop();
  if (service !== undefined) rmSync(dirname(service.dataDir), { recursive: true, force: true });
});

/** Every sample of /metrics as `name{labels}` -> value. */
async function scrape(): Promise<Map<string, number>> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) samples.set(m[1]!, Number(m[2]));
  }
  return samples;
}

const graphql = (body: unknown) => fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('/metrics carries the operator metrics with plausible values after traffic', async () => {
  const w = new ServiceWorld(service);
  await w.procurement();
  const issued = await w.client.requestCredential(w.signed(w.agent, 'requestCredential', { credentialId: `c-${w.agent.id}`, delegationId: w.dProc, task: { id: 'restock' }, ttlSeconds: 3600 }));
  if (!issued.ok) throw new Error('credential refused');
  const credential = issued.value.credential.credentialId;
  for (let i = 0; i < 3; i++) expect((await w.client.authorize(w.order(100, credential))).ok).toBe(true);
  expect((await w.client.authorize(w.order(20_000, credential))).ok).toBe(true); // approval_required

  // Named operations get their own label; the 60 names after the first few fold into "other".
  for (let i = 0; i < 60; i++) await graphql({ query: `query Probe${i} { checkpoint { treeSize } }`, operationName: `Probe${i}` });
  await graphql({ query: '{ checkpoint { treeSize } }' });

  // A checkpoint recorded after the traffic, and the read models caught up with it.
  const deadline = Date.now() + 10_000;
  let m = await scrape();
  while (Date.now() < deadline && ((m.get('writ_checkpoint_recorded_tree_size') ?? 0) < (m.get('writ_log_size') ?? 0) - 1 || m.get('writ_read_model_lag_events{model="projections"}') !== 0)) {
    await new Promise((r) => setTimeout(r, 100));
    m = await scrape();
  }

  const size = m.get('writ_log_size')!;
  expect(size).toBeGreaterThanOrEqual(12); // genesis, admin, 6 procurement statements, a credential, 4 decisions
  expect(m.get('writ_store_size_bytes')).toBeGreaterThan(4096);
  expect(m.get('writ_checkpoint_recorded_tree_size')).toBeGreaterThanOrEqual(size - 1);
  expect(m.get('writ_checkpoint_age_seconds')).toBeGreaterThanOrEqual(0);
  expect(m.get('writ_checkpoint_age_seconds')).toBeLessThan(10);
  expect(m.get('writ_read_model_lag_events{model="projections"}')).toBe(0);
  expect(m.get('writ_read_model_lag_seconds{model="projections"}')).toBe(0);
  expect(m.get('writ_signature_queue_depth')).toBe(0);

  expect(m.get('writ_decision_latency_seconds_count{outcome="allowed"}')).toBe(3);
  expect(m.get('writ_decision_latency_seconds_count{outcome="approval_requested"}')).toBe(1);
  const decisionSeconds = m.get('writ_decision_latency_seconds_sum{outcome="allowed"}')!;
  expect(decisionSeconds).toBeGreaterThan(0);
  expect(decisionSeconds).toBeLessThan(30);
  expect(m.get('writ_append_latency_seconds_count')).toBeGreaterThanOrEqual(size - 2);

  const operations = [...m.keys()].filter((k) => k.startsWith('writ_graphql_request_duration_seconds_count{'));
  expect(m.get('writ_graphql_request_duration_seconds_count{operation="Probe0"}')).toBe(1);
  expect(m.get('writ_graphql_request_duration_seconds_count{operation="anonymous"}')).toBeGreaterThanOrEqual(1);
  expect(m.get('writ_graphql_request_duration_seconds_count{operation="other"}')).toBeGreaterThanOrEqual(10);
  expect(operations.length).toBeLessThanOrEqual(50 + 3);
  // No store failed: the counter is declared and has no samples.
  expect([...m.keys()].some((k) => k.startsWith('writ_store_errors_total'))).toBe(false);
}, 60_000);
