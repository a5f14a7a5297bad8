// The tests both transport specs run: what reaches the fixture server through the guard,
// what is refused with which Writ reason code, and that each call is a recorded decision
// (read back from decisionFeed). Tests run in order and share the seeded worlds.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ServiceWorld } from '../../authorization/support/service-world';
import { GuardScenario, refusalOf, textOf, type GuardHarness } from './guard-scenario';

export function guardStory(get: () => { scenario: GuardScenario; harness: GuardHarness }): void {
  let w1: ServiceWorld;
  let w2: ServiceWorld;
  let agent: Client;
  let sub: Client;
  const call = async (c: Client, name: string, args: Record<string, unknown>) => (await c.callTool({ name, arguments: args })) as CallToolResult;
  const requestIdOf = (r: CallToolResult) => (r._meta?.['writ/decision'] as { requestId: string }).requestId;

  /** Refused with `code`, recorded as a denial with it, and the server saw nothing. */
  async function expectRefused(r: CallToolResult, code: string, action: string) {
    const { scenario, harness } = get();
    const before = (await harness.received()).length;
    expect(refusalOf(r)).toMatchObject({ code });
    expect(textOf(r)).toContain(code);
    expect(await scenario.decisionOf(requestIdOf(r))).toMatchObject({ outcome: 'denied', reason: code, action });
    expect((await harness.received()).length).toBe(before);
  }

  beforeAll(async () => {
    const { scenario, harness } = get();
    w1 = await scenario.world();
    w2 = await scenario.world();
    scenario.watchDecisions(w1.admin);
    agent = await harness.connect(scenario.config(harness, w1.agent, { delegationId: w1.dProc }));
    sub = await harness.connect(scenario.config(harness, w1.sub, { delegationId: w1.dVendor }));
  }, 60_000);

  test('an allowed call reaches the server, its result comes back, and the decision is recorded', async () => {
    const { scenario, harness } = get();
    const r = await call(agent, 'create_order', { orderId: 'o-1', total: 120 });
    expect(r.isError).toBeFalsy();
    expect(textOf(r)).toBe('order o-1 created for 120');
    expect(await harness.received()).toContainEqual({ tool: 'create_order', args: { orderId: 'o-1', total: 120 } });
    expect(await scenario.decisionOf(requestIdOf(r))).toEqual({ requestId: requestIdOf(r), outcome: 'allowed', reason: null, action: 'create', resource: 'erp://po/orders/o-1' });
  });

  test('tools/list shows only the tools the credential covers', async () => {
    const names = async (c: Client) => (await c.listTools()).tools.map((t) => t.name).sort();
    expect(await names(agent)).toEqual(['create_order', 'lookup_vendor']);
    expect(await names(sub)).toEqual(['lookup_vendor']);
  });

  test('a call outside the credential is refused, recorded, and never reaches the server', async () => {
    await expectRefused(await call(agent, 'delete_vendor', { vendorId: 'acme' }), 'capability.not_covered', 'delete');
    await expectRefused(await call(sub, 'create_order', { orderId: 'o-2', total: 1 }), 'capability.not_covered', 'create');
    await expectRefused(await call(agent, 'create_order', { orderId: 'o-3', total: 60_000 }), 'condition.max_amount', 'create');
  });

  test('a call after the credential expired is refused and never reaches the server', async () => {
    const { scenario, harness } = get();
    const credential = await scenario.credential(w1, w1.agent, w1.dProc, 6);
    const short = await harness.connect(scenario.config(harness, w1.agent, { credential: credential.token }));
    expect(textOf(await call(short, 'lookup_vendor', { vendorId: 'acme' }))).toBe('vendor acme: Acme Corp');
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(credential.expiresAt) - Date.now() + 1_000)));
    await expectRefused(await call(short, 'lookup_vendor', { vendorId: 'acme' }), 'credential.expired', 'read');
    expect((await short.listTools()).tools).toEqual([]);
    await short.close();
  }, 30_000);

  test('a call after the agent was suspended is refused and never reaches the server', async () => {
    const { scenario, harness } = get();
    const other = await harness.connect(scenario.config(harness, w2.agent, { delegationId: w2.dProc }));
    expect(textOf(await call(other, 'create_order', { orderId: 'o-4', total: 5 }))).toBe('order o-4 created for 5');
    await w2.must(w2.hana, 'suspendAgent', { agentId: w2.agent.id, reason: 'kill switch' });
    await expectRefused(await call(other, 'create_order', { orderId: 'o-5', total: 5 }), 'agent.suspended', 'create');
    await other.close();
  });

  test('a call after a revocation in the middle of the chain is refused and never reaches the server', async () => {
    expect(textOf(await call(sub, 'lookup_vendor', { vendorId: 'acme' }))).toBe('vendor acme: Acme Corp');
    // Hana revokes her delegation to the agent: the link above the subagent's own delegation.
    await w1.must(w1.hana, 'revokeDelegation', { delegationId: w1.dProc, reason: 'stop' });
    await expectRefused(await call(sub, 'lookup_vendor', { vendorId: 'acme' }), 'delegation.revoked', 'read');
  });

  test('a call whose arguments cannot form the resource is refused before Writ is asked', async () => {
    const { harness } = get();
    const before = (await harness.received()).length;
    const r = await call(agent, 'lookup_vendor', { vendorId: '../admin' });
    expect(refusalOf(r)).toEqual({ code: 'mcp.bad_arguments' });
    expect((await harness.received()).length).toBe(before);
  });

  afterAll(async () => {
    await agent?.close();
    await sub?.close();
  });
}
