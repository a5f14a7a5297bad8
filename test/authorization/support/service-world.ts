// The procurement cast against the real service (a child process), through the SDK:
// the first admin from the service's key file, then Hana, her agent and its subagent.
import { parseKeyFile, sign, statements, WritClient, keysFromSeed, generateKeys, readTokenSource, type MutationName, type Receipt, type SignedStatement, type WritKeys } from '../../../src/sdk';
import type { ServiceProcess } from '../../support/service-process';

export interface Party {
  readonly id: string;
  readonly keys: WritKeys;
}

export const ORDERS = { resource: 'erp://po/orders/**', actions: ['create'], conditions: { maxAmount: 50_000, approvalAbove: 10_000, rate: { max: 20, perSeconds: 3600 } } };
export const VENDORS = { resource: 'erp://po/vendors/**', actions: ['read'], conditions: { maxAmount: 50_000 } };
export const LOOKUPS = { resource: 'erp://po/vendors/**', actions: ['read'], conditions: { maxAmount: 0 } };

const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
let counter = 0;

export function party(prefix: string): Party {
  return { id: `${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`, keys: generateKeys() };
}

export class ServiceWorld {
  client: WritClient;
  readonly admin: Party;
  readonly hana = party('hana');
  readonly agent = party('agent');
  readonly sub = party('sub');
  private seq = 0;

  constructor(public service: ServiceProcess) {
    this.client = new WritClient({ url: service.url, ledgerId: service.ledgerId, retries: 0 });
    const file = parseKeyFile(service.adminKeyFile());
    if (!file.ok) throw new Error('bad admin key file');
    this.admin = { id: file.value.id!, keys: keysFromSeed(file.value.seed) };
  }

  /** The same cast against a restarted service (its port changes). */
  moveTo(service: ServiceProcess): void {
    this.service = service;
    this.client = new WritClient({ url: service.url, ledgerId: service.ledgerId, retries: 0 });
  }

  /** A client that reads the record as the admin. */
  reader(): WritClient {
    const token = readTokenSource({ principalId: this.admin.id, ledgerId: this.service.ledgerId, seed: this.admin.keys.seed });
    return new WritClient({ url: this.service.url, ledgerId: this.service.ledgerId, token });
  }

  signed<M extends MutationName>(by: Party, mutation: M, body: Parameters<(typeof statements)[M]>[0]): SignedStatement {
    return sign(statements[mutation](body as never, { ledgerId: this.service.ledgerId, actor: by.id }), by.keys);
  }

  async must<M extends MutationName>(by: Party, mutation: M, body: Parameters<(typeof statements)[M]>[0]): Promise<Receipt> {
    const r = await this.client.submit(this.signed(by, mutation, body), mutation);
    if (!r.ok) throw new Error(`${mutation} refused: ${JSON.stringify(r.problems)}`);
    return r.receipt;
  }

  async procurement(): Promise<void> {
    const { admin, hana, agent, sub } = this;
    const model = { name: 'm', version: '1' };
    await this.must(admin, 'registerPrincipal', { principalId: hana.id, kind: 'human', name: 'Hana', publicKey: hana.keys.publicKeyBase64Url });
    await this.must(admin, 'grantEntitlement', { principalId: hana.id, entitlementId: `e-po-${hana.id}`, capability: { resource: 'erp://po/**', actions: ['create', 'read'], conditions: { maxAmount: 50_000 } } });
    await this.must(hana, 'provisionAgent', { agentId: agent.id, ownerId: hana.id, publicKey: agent.keys.publicKeyBase64Url, purpose: 'procurement', model });
    await this.must(agent, 'provisionAgent', { agentId: sub.id, ownerId: hana.id, publicKey: sub.keys.publicKeyBase64Url, purpose: 'vendor lookups', model, parentAgentId: agent.id });
    await this.must(hana, 'grantDelegation', { delegationId: this.dProc, delegateeId: agent.id, entitlementId: `e-po-${hana.id}`, capabilities: [ORDERS, VENDORS], notBefore: at(-60_000), notAfter: at(30 * 86_400_000), depth: 1, purpose: 'buy' });
    await this.must(agent, 'grantDelegation', { delegationId: this.dVendor, delegateeId: sub.id, parentId: this.dProc, capabilities: [LOOKUPS], notBefore: at(-60_000), notAfter: at(29 * 86_400_000), depth: 0, purpose: 'look up vendors' });
  }

  get dProc(): string {
    return `d-proc-${this.agent.id}`;
  }

  get dVendor(): string {
    return `d-vendor-${this.agent.id}`;
  }

  order(amount: number, credentialId: string, over: { requestId?: string; resource?: string; approvalId?: string } = {}): SignedStatement {
    const n = ++this.seq;
    return this.signed(this.agent, 'authorize', { requestId: `po-${this.agent.id}-${n}`, credentialId, action: 'create', resource: `erp://po/orders/${n}`, amount, taskId: 'restock', ...over });
  }

  lookup(credentialId: string): SignedStatement {
    const n = ++this.seq;
    return this.signed(this.sub, 'authorize', { requestId: `look-${this.sub.id}-${n}`, credentialId, action: 'read', resource: 'erp://po/vendors/acme', taskId: 'restock' });
  }
}
