// The procurement story (issue 4's scenario) against the real service, through the SDK
// and raw GraphQL: small orders pass, a large one needs Hana's approval and is allowed
// once, the 21st order in the hour is denied, and when Hana suspends the agent, the agent
// and its subagent are denied at once. Then the race: a revocation fired together with
// decisions from many clients; nothing is allowed after the revocation's receipt.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { WritClient, type AuthorizeAnswer } from '../../src/sdk';
import { startService, type ServiceProcess } from '../support/service-process';
import { ServiceWorld } from './support/service-world';

let dataDir: string | undefined;
let service: ServiceProcess;

beforeAll(async () => {
  service = await startService({ env: { WRIT_DURABILITY: 'normal' } });
  dataDir = service.dataDir;
}, 60_000);
afterAll(async () => {
  await service?.stop();
  if (dataDir !== undefined) rmSync(dirname(dataDir), { recursive: true, force: true });
});

async function decide(w: ServiceWorld, signed: ReturnType<ServiceWorld['order']>, client = w.client): Promise<AuthorizeAnswer> {
  const r = await client.authorize(signed);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const AUTHORIZE = `mutation($input: SignedStatementInput!) {
  authorize(input: $input) { decision reason hop { kind id } chain { kind id eventHash leafIndex capability } approvalId failedClosed receipt { leafIndex type stream } }
}`;

test('the procurement story through the SDK and GraphQL', async () => {
  const w = new ServiceWorld(service);
  await w.procurement();
  const orders = await w.client.requestCredential(w.signed(w.agent, 'requestCredential', { credentialId: `c-orders-${w.agent.id}`, delegationId: w.dProc, task: { id: 'restock' }, ttlSeconds: 3600 }));
  const lookups = await w.client.requestCredential(w.signed(w.sub, 'requestCredential', { credentialId: `c-vendor-${w.sub.id}`, delegationId: w.dVendor, task: { id: 'restock' }, ttlSeconds: 3600 }));
  if (!orders.ok || !lookups.ok) throw new Error('credentials refused');
  const cOrders = orders.value.credential.credentialId;
  const cVendor = lookups.value.credential.credentialId;

  // A small order, through raw GraphQL: allowed, with its chain back to Hana's entitlement.
  const response = await fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: AUTHORIZE, variables: { input: w.order(5_000, cOrders) } }) });
  const small = ((await response.json()) as { data: { authorize: AuthorizeAnswer & { receipt: { leafIndex: number } } } }).data.authorize;
  expect(small).toMatchObject({ decision: 'allowed', reason: null, failedClosed: false, receipt: { type: 'action.authorized', stream: `actions-${w.agent.id}` } });
  expect(small.chain.map((h) => h.kind)).toEqual(['credential', 'agent', 'delegation', 'principal', 'entitlement']);
  for (const hop of small.chain) expect(hop.leafIndex).toBeLessThan(small.receipt.leafIndex);

  // A 20,000 order needs approval; Hana approves with a signed statement; the retry is allowed once.
  const big = { requestId: `po-big-${w.agent.id}`, resource: 'erp://po/orders/big' };
  const asked = await decide(w, w.order(20_000, cOrders, big));
  expect(asked).toMatchObject({ decision: 'approval_required', reason: 'condition.approval_required', approvalId: big.requestId, threshold: 10_000, approvers: [w.hana.id] });
  await w.must(w.hana, 'grantApproval', { agentId: w.agent.id, approvalId: big.requestId });
  expect(await decide(w, w.order(20_000, cOrders, { resource: big.resource, approvalId: big.requestId }))).toMatchObject({ decision: 'allowed', approvalId: big.requestId });
  expect(await decide(w, w.order(20_000, cOrders, { resource: big.resource, approvalId: big.requestId }))).toMatchObject({ decision: 'denied', reason: 'approval.used' });

  // Rate: 20 allowed orders an hour under d-proc (two so far); the 21st is denied.
  for (let i = 0; i < 18; i++) expect((await decide(w, w.order(100, cOrders))).decision).toBe('allowed');
  const rated = await decide(w, w.order(100, cOrders));
  expect(rated).toMatchObject({ decision: 'denied', reason: 'condition.rate_exceeded', hop: { kind: 'delegation', id: w.dProc } });
  expect((await decide(w, w.lookup(cVendor))).decision).toBe('allowed');

  // The kill switch: Hana suspends the agent; the agent and its subagent are denied at once.
  const suspended = await w.must(w.hana, 'suspendAgent', { agentId: w.agent.id, reason: 'kill switch' });
  const [order, lookup] = await Promise.all([decide(w, w.order(100, cOrders)), decide(w, w.lookup(cVendor))]);
  expect(order).toMatchObject({ decision: 'denied', reason: 'agent.suspended', hop: { kind: 'agent', id: w.agent.id } });
  expect(lookup).toMatchObject({ decision: 'denied', reason: 'agent.suspended', hop: { kind: 'agent', id: w.agent.id } });
  expect(lookup.receipt!.leafIndex).toBeGreaterThan(suspended.leafIndex);
  // The denied order's lineage, from its answer: each hop by its event, back to the human.
  expect(lookup.chain.map((h) => `${h.kind}:${h.id}`)).toEqual([`credential:${cVendor}`, `agent:${w.sub.id}`, `delegation:${w.dVendor}`, `agent:${w.agent.id}`, `delegation:${w.dProc}`, `principal:${w.hana.id}`, `entitlement:e-po-${w.hana.id}`]);
  const agentHop = lookup.chain.find((h) => h.kind === 'agent' && h.id === w.agent.id)!;
  expect(agentHop).toMatchObject({ eventHash: suspended.envelopeHash, leafIndex: suspended.leafIndex });

  // The metrics count the recorded decisions by outcome.
  const metrics = await (await fetch(`${service.url}/metrics`)).text();
  const counted = (outcome: string) => Number(new RegExp(`^writ_decisions_total\\{outcome="${outcome}"\\} (\\d+)`, 'm').exec(metrics)?.[1] ?? 0);
  expect(counted('allowed')).toBeGreaterThanOrEqual(21);
  expect(counted('approval_requested')).toBeGreaterThanOrEqual(1);
  expect(counted('denied')).toBeGreaterThanOrEqual(4);
}, 60_000);

test('a revocation fired together with decisions from many clients: none is allowed after its receipt', async () => {
  const w = new ServiceWorld(service);
  await w.procurement();
  const wide = `d-wide-${w.agent.id}`;
  await w.must(w.hana, 'grantDelegation', { delegationId: wide, delegateeId: w.agent.id, entitlementId: `e-po-${w.hana.id}`, capabilities: [{ resource: 'erp://po/orders/**', actions: ['create'], conditions: { maxAmount: 1000 } }], notBefore: new Date(Date.now() - 60_000).toISOString(), notAfter: new Date(Date.now() + 86_400_000).toISOString(), depth: 0, purpose: 'race' });
  const cred = await w.client.requestCredential(w.signed(w.agent, 'requestCredential', { credentialId: `c-wide-${w.agent.id}`, delegationId: wide, task: { id: 'restock' } }));
  if (!cred.ok) throw new Error('credential refused');
  const clients = Array.from({ length: 32 }, () => new WritClient({ url: service.url, ledgerId: service.ledgerId, retries: 0 }));
  // Signed ahead, so that all of them go out in the same instant as the revocation.
  const requests = clients.flatMap((c) => Array.from({ length: 8 }, () => ({ c, s: w.order(1, cred.value.credential.credentialId) })));
  const revocation = w.signed(w.hana, 'revokeDelegation', { delegationId: wide, reason: 'stop' });
  const half = requests.length / 2;
  const fired = [
    ...requests.slice(0, half).map(({ c, s }) => decide(w, s, c)),
    w.client.submit(revocation, 'revokeDelegation'),
    ...requests.slice(half).map(({ c, s }) => decide(w, s, c)),
  ];
  const settled = await Promise.all(fired);
  const revoked = settled[half] as Awaited<ReturnType<WritClient['submit']>>;
  if (!revoked.ok) throw new Error('revocation refused');
  const cut = revoked.receipt.leafIndex;
  const answers = settled.filter((_, i) => i !== half) as AuthorizeAnswer[];
  expect(answers).toHaveLength(256);
  const allowed = answers.filter((a) => a.decision === 'allowed');
  expect(allowed.every((a) => a.receipt!.leafIndex < cut)).toBe(true);
  expect(answers.filter((a) => a.decision !== 'allowed').every((a) => a.reason === 'delegation.revoked' && a.receipt!.leafIndex > cut)).toBe(true);
  const later = await Promise.all(clients.map((c) => decide(w, w.order(1, cred.value.credential.credentialId), c)));
  expect(later.every((a) => a.decision === 'denied' && a.receipt!.leafIndex > cut)).toBe(true);
}, 60_000);
