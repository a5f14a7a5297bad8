// A fresh ledger seeded through the SDK for the console tests: Hana (human) holds an
// entitlement; her agents A1 -> A2 -> A3 (subagents) hold a depth-3 chain d1 -> d2 -> d3;
// A3 holds credential c3 and makes an allowed and a denied request; then A1 revokes d2,
// and the ledger cascades to d3 and c3. An auditor (role auditor) reads it all.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatKeyFile } from '../../../src/sdk';
import { party, ServiceWorld, type Party } from '../../authorization/support/service-world';
import type { ServiceProcess } from '../../support/service-process';

const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const DAY = 86_400_000;

export interface Story {
  readonly world: ServiceWorld;
  readonly auditor: Party;
  readonly hana: Party;
  readonly agents: readonly [Party, Party, Party];
  readonly ids: { readonly d1: string; readonly d2: string; readonly d3: string; readonly c3: string; readonly entitlement: string; readonly allowed: string; readonly denied: string };
  /** Leaf indexes. */
  readonly positions: { readonly allowed: number; readonly revocation: number };
  /** Key files written to disk, as `writ keys generate` writes them. */
  readonly keyFiles: { readonly auditor: string; readonly hana: string };
}

export async function seedStory(service: ServiceProcess, dir: string): Promise<Story> {
  const w = new ServiceWorld(service);
  const auditor = party('auditor');
  const hana = party('hana');
  const agents = [party('a1'), party('a2'), party('a3')] as const;
  const tag = agents[0].id;
  const ids = { d1: `d1-${tag}`, d2: `d2-${tag}`, d3: `d3-${tag}`, c3: `c3-${tag}`, entitlement: `e-${tag}`, allowed: `req-ok-${tag}`, denied: `req-no-${tag}` };
  const model = { name: 'm', version: '1' };
  const po = (actions: string[]) => [{ resource: 'erp://po/**', actions }];
  await w.must(w.admin, 'registerPrincipal', { principalId: auditor.id, kind: 'human', name: 'Audrey Auditor', publicKey: auditor.keys.publicKeyBase64Url });
  await w.must(w.admin, 'grantRole', { principalId: auditor.id, role: 'auditor' });
  await w.must(w.admin, 'registerPrincipal', { principalId: hana.id, kind: 'human', name: 'Hana', publicKey: hana.keys.publicKeyBase64Url });
  await w.must(w.admin, 'grantEntitlement', { principalId: hana.id, entitlementId: ids.entitlement, capability: { resource: 'erp://po/**', actions: ['create', 'read'] } });
  await w.must(hana, 'provisionAgent', { agentId: agents[0].id, ownerId: hana.id, publicKey: agents[0].keys.publicKeyBase64Url, purpose: 'procurement', model });
  await w.must(agents[0], 'provisionAgent', { agentId: agents[1].id, ownerId: hana.id, publicKey: agents[1].keys.publicKeyBase64Url, purpose: 'orders', model, parentAgentId: agents[0].id });
  await w.must(agents[1], 'provisionAgent', { agentId: agents[2].id, ownerId: hana.id, publicKey: agents[2].keys.publicKeyBase64Url, purpose: 'lookups', model, parentAgentId: agents[1].id });
  await w.must(hana, 'grantDelegation', { delegationId: ids.d1, delegateeId: agents[0].id, entitlementId: ids.entitlement, capabilities: po(['create', 'read']), notBefore: at(-60_000), notAfter: at(30 * DAY), depth: 2, purpose: 'buy' });
  await w.must(agents[0], 'grantDelegation', { delegationId: ids.d2, delegateeId: agents[1].id, parentId: ids.d1, capabilities: po(['create', 'read']), notBefore: at(-60_000), notAfter: at(29 * DAY), depth: 1, purpose: 'orders' });
  await w.must(agents[1], 'grantDelegation', { delegationId: ids.d3, delegateeId: agents[2].id, parentId: ids.d2, capabilities: po(['read']), notBefore: at(-60_000), notAfter: at(28 * DAY), depth: 0, purpose: 'lookups' });
  await w.must(agents[2], 'requestCredential', { credentialId: ids.c3, delegationId: ids.d3, task: { id: 't1' }, ttlSeconds: 3600 });
  const allowed = await w.client.authorize(w.signed(agents[2], 'authorize', { requestId: ids.allowed, credentialId: ids.c3, action: 'read', resource: 'erp://po/7', taskId: 't1' }));
  const denied = await w.client.authorize(w.signed(agents[2], 'authorize', { requestId: ids.denied, credentialId: ids.c3, action: 'delete', resource: 'erp://po/7', taskId: 't1' }));
  if (!allowed.ok || allowed.value.decision !== 'allowed' || !denied.ok || denied.value.decision !== 'denied') throw new Error(`decisions: ${JSON.stringify([allowed, denied])}`);
  const revocation = await w.must(agents[0], 'revokeDelegation', { delegationId: ids.d2, reason: 'incident' });
  const keyFiles = { auditor: join(dir, 'auditor.key.json'), hana: join(dir, 'hana.key.json') };
  writeFileSync(keyFiles.auditor, formatKeyFile(auditor.keys.seed, auditor.id), { mode: 0o600 });
  writeFileSync(keyFiles.hana, formatKeyFile(hana.keys.seed, hana.id), { mode: 0o600 });
  return { world: w, auditor, hana, agents, ids, positions: { allowed: allowed.value.receipt!.leafIndex, revocation: revocation.leafIndex }, keyFiles };
}
