// Issue 17, item 9: an orphaned agent keeps no authority (DESIGN invariant 7). Against
// the real service, through the SDK over GraphQL: Olga's agent holds a delegation from
// Hana, who stays active; once an admin deactivates Olga, `authorize` is denied with
// `agent.orphaned` and `requestCredential` is refused with it, although the chain back
// to Hana is live; after the admin transfers the agent to Hana both work again.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuthorizeAnswer, SignedStatement } from '../../src/sdk';
import { startService, type ServiceProcess } from '../support/service-process';
import { party, ServiceWorld, VENDORS } from './support/service-world';

let dataDir: string | undefined;
let service: ServiceProcess;
let w: ServiceWorld;

beforeAll(async () => {
  service = await startService({ env: { WRIT_DURABILITY: 'normal' } });
  dataDir = service.dataDir;
  w = new ServiceWorld(service);
  await w.procurement();
}, 60_000);
afterAll(async () => {
  await service?.stop();
  if (dataDir !== undefined) rmSync(dirname(dataDir), { recursive: true, force: true });
});

const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

async function decide(signed: SignedStatement): Promise<AuthorizeAnswer> {
  const r = await w.client.authorize(signed);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

test("an agent whose owner is deactivated is denied decisions and credentials whatever its chain, until it is transferred", async () => {
  const { admin, hana } = w;
  const olga = party('olga');
  const agent = party('olgas-agent');
  const delegationId = `d-olga-${agent.id}`;
  await w.must(admin, 'registerPrincipal', { principalId: olga.id, kind: 'human', name: 'Olga', publicKey: olga.keys.publicKeyBase64Url });
  await w.must(admin, 'provisionAgent', { agentId: agent.id, ownerId: olga.id, publicKey: agent.keys.publicKeyBase64Url, purpose: 'vendor lookups', model: { name: 'm', version: '1' } });
  // Hana, not the owner, grants the agent its authority from her own entitlement.
  await w.must(hana, 'grantDelegation', { delegationId, delegateeId: agent.id, entitlementId: `e-po-${hana.id}`, capabilities: [VENDORS], notBefore: at(-60_000), notAfter: at(86_400_000), depth: 0, purpose: 'look up vendors' });
  let n = 0;
  const credential = (credentialId: string) => w.signed(agent, 'requestCredential', { credentialId, delegationId, task: { id: 'restock' }, ttlSeconds: 3600 });
  const lookup = (credentialId: string) =>
    w.signed(agent, 'authorize', { requestId: `look-${agent.id}-${++n}`, credentialId, action: 'read', resource: 'erp://po/vendors/acme', taskId: 'restock' });

  const before = await w.client.requestCredential(credential(`c-before-${agent.id}`));
  if (!before.ok) throw new Error(JSON.stringify(before.problems));
  expect(await decide(lookup(`c-before-${agent.id}`))).toMatchObject({ decision: 'allowed' });

  await w.must(admin, 'deactivatePrincipal', { principalId: olga.id, reason: 'left the company' });
  const orphaned = await decide(lookup(`c-before-${agent.id}`));
  expect(orphaned).toMatchObject({ decision: 'denied', reason: 'agent.orphaned', hop: { kind: 'agent', id: agent.id }, failedClosed: false, receipt: { type: 'action.denied' } });
  expect(orphaned.chain.map((h) => `${h.kind}:${h.id}`)).toEqual([`credential:c-before-${agent.id}`, `agent:${agent.id}`, `delegation:${delegationId}`, `principal:${hana.id}`, `entitlement:e-po-${hana.id}`]);
  const refused = await w.client.requestCredential(credential(`c-orphan-${agent.id}`));
  expect(refused.ok).toBe(false);
  if (!refused.ok) expect(refused.problems[0]).toMatchObject({ code: 'agent.orphaned', path: 'body.delegationId' });

  await w.must(admin, 'transferAgentOwnership', { agentId: agent.id, newOwnerId: hana.id });
  expect(await decide(lookup(`c-before-${agent.id}`))).toMatchObject({ decision: 'allowed' });
  const after = await w.client.requestCredential(credential(`c-after-${agent.id}`));
  expect(after.ok).toBe(true);
});
