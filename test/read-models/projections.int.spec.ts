// The read models follow a real ledger: rows at the head, history as of any position or
// time, rebuild by replay equal to the live projection, lineage, agentsUnder, inventories.
import { ProjectionStore } from '../../src/application/projections/projection-store';
import { ReadModels } from '../../src/application/projections/read-models';
import { runtimeSource } from '../../src/application/projections/log-sources';
import { ReadService } from '../../src/application/queries/read-service';
import type { Receipt } from '../../src/application/ledger/ledger.port';
import { openWorld, seedStory, type World } from './support/world';

let w: World;
let r: Record<string, Receipt>;
let service: ReadService;
const admin = () => ({ id: w.people.admin.id, kind: 'human', roles: ['admin'] });

beforeAll(async () => {
  w = await openWorld();
  r = await seedStory(w);
  service = new ReadService(w.models);
});
afterAll(() => w.close());

const value = <T>(res: { ok: true; value: T } | { ok: false; problems: readonly { code: string }[] }): T => {
  if (!res.ok) throw new Error(JSON.stringify(res.problems));
  return res.value;
};

test('the read models apply every committed event and remember the position', () => {
  expect(w.models.position).toBe(w.runtime.size() - 1);
  expect(w.models.store.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(w.runtime.size());
});

test('a rebuild by replay gives the same rows as following live', async () => {
  const rebuilt = new ReadModels(new ProjectionStore(':memory:'));
  await rebuilt.catchUp(runtimeSource(w.runtime), 7);
  for (const table of ['principals', 'entitlements', 'agents', 'delegations', 'credentials', 'chains', 'chain_hops', 'events']) {
    const dump = (s: ProjectionStore) => s.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all();
    expect([table, dump(rebuilt.store)]).toEqual([table, dump(w.models.store)]);
  }
  rebuilt.close();
});

test('a delegation as of a past position shows the version then, with its leaf index and hash', async () => {
  const now = value(await service.delegation(admin(), 'd-root', {}));
  expect(now).toMatchObject({ id: 'd-root', status: 'active', leafIndex: r['root']!.leafIndex, eventHash: r['root']!.envelopeHash });
  const before = value(await service.delegation(admin(), 'd-root', { asOf: { position: r['root']!.leafIndex - 1 } }));
  expect(before).toBeNull();
  const agentBefore = value(await service.agent(admin(), w.agents.a1.id, { asOf: { position: r['model']!.leafIndex - 1 } }));
  const agentAfter = value(await service.agent(admin(), w.agents.a1.id, { asOf: { position: r['model']!.leafIndex } }));
  expect([agentBefore?.status, agentBefore?.modelVersion, agentAfter?.status, agentAfter?.modelVersion]).toEqual(['active', '1', 'needs-review', '2']);
});

test('asOf a time maps to the last position recorded by then', async () => {
  const t = w.models.store.timeAt(r['model']!.leafIndex - 1)!;
  const agent = value(await service.agent(admin(), w.agents.a1.id, { asOf: { time: new Date(t).toISOString() } }));
  expect(agent?.status).toBe('active');
  const early = value(await service.agent(admin(), w.agents.a1.id, { asOf: { time: '2000-01-01T00:00:00.000Z' } }));
  expect(early).toBeNull();
});

test('lineage of a decision: the recorded chain to the human and the entitlement, each hop as the decision relied on it', async () => {
  const lineage = value(await service.lineage(admin(), { decision: 'req-ok' }, {}))!;
  expect(lineage.position).toBe(r['allowed']!.leafIndex);
  const links = lineage.chains[0]!.links;
  expect(links.map((l) => l.kind)).toEqual(['credential', 'agent', 'delegation', 'agent', 'delegation', 'principal', 'entitlement']);
  expect(links.map((l) => l.id)).toEqual(['cred-1', w.agents.a2.id, 'd-child', w.agents.a1.id, 'd-root', w.people.alice.id, 'ent-a']);
  const recorded = (value(await service.decision(admin(), r['allowed']!.leafIndex, {}))!.chain as { hash: string; position: number }[]);
  expect(links.map((l) => [l.eventHash, l.leafIndex])).toEqual(recorded.map((h) => [h.hash, h.position]));
  expect(links.every((l) => l.status === 'active')).toBe(true);
});

test('lineage of a credential, a delegation and an agent', async () => {
  const cred = value(await service.lineage(admin(), { credential: 'cred-1' }, {}))!;
  expect(cred.chains[0]!.links.map((l) => l.kind)).toEqual(['credential', 'agent', 'delegation', 'agent', 'delegation', 'principal', 'entitlement']);
  const del = value(await service.lineage(admin(), { delegation: 'd-child' }, {}))!;
  expect(del.chains[0]!.links[2]).toMatchObject({ kind: 'agent', id: w.agents.a1.id, status: 'needs-review' });
  const past = value(await service.lineage(admin(), { delegation: 'd-child' }, { asOf: { position: r['model']!.leafIndex - 1 } }))!;
  expect(past.chains[0]!.links[2]).toMatchObject({ kind: 'agent', id: w.agents.a1.id, status: 'active' });
  const agent = value(await service.lineage(admin(), { agent: w.agents.b1.id }, {}))!;
  expect(agent.chains[0]!.links.map((l) => l.id)).toEqual([w.agents.b1.id, w.people.bob.id]);
});

test('agentsUnder a human: owned agents and subagents, with their paths', async () => {
  const page = value(await service.agentsUnder(admin(), w.people.alice.id, {}, {}));
  const byId = Object.fromEntries(page.edges.map((e) => [e.node.agent.id, e.node.paths]));
  expect(byId[w.agents.a2.id]).toEqual(expect.arrayContaining([[w.people.alice.id, w.agents.a1.id, w.agents.a2.id]]));
  expect(Object.keys(byId).sort()).toEqual([w.agents.a1.id, w.agents.a2.id].sort());
});

test('lists filter and paginate with Relay cursors', async () => {
  const first = value(await service.principals(admin(), {}, {}, { first: 3 }));
  expect(first.edges).toHaveLength(3);
  expect(first.pageInfo.hasNextPage).toBe(true);
  const rest = value(await service.principals(admin(), {}, {}, { first: 100, after: first.pageInfo.endCursor }));
  const all = [...first.edges, ...rest.edges].map((e) => e.node.id);
  expect(new Set(all).size).toBe(all.length);
  expect(all).toEqual([...all].sort());
  const decisions = value(await service.decisions(admin(), { agent: w.agents.a2.id, outcome: 'denied' }, {}, {}));
  expect(decisions.edges.map((e) => e.node.requestId)).toEqual(['req-no']);
});

test('inventories: orphaned, dormant, unreviewed, over-scoped, expiring, standing', async () => {
  const ids = (c: { edges: readonly { node: unknown }[] }, f: (n: any) => string) => c.edges.map((e) => f(e.node));
  expect(ids(value(await service.orphaned(admin(), null, {}, {})), (n) => n.id)).toEqual([w.agents.c1.id]);
  const unreviewed = value(await service.unreviewed(admin(), 30, null, {}, {}));
  expect(unreviewed.edges.find((e) => e.node.agent.id === w.agents.a1.id)?.node.reason).toBe('model_changed');
  expect(unreviewed.edges.find((e) => e.node.agent.id === w.agents.b1.id)?.node.reason).toBe('never');
  const expiring = value(await service.expiring(admin(), 24, null, {}, {}));
  expect(ids(expiring, (n) => `${n.kind}:${n.id}`)).toEqual(['credential:cred-1', 'delegation:d-child']);
  const firstWindow = value(await service.expiring(admin(), 24, null, {}, { first: 1 }));
  const nextWindow = value(await service.expiring(admin(), 24, null, {}, { first: 1, after: firstWindow.pageInfo.endCursor }));
  expect([...firstWindow.edges, ...nextWindow.edges].map((e) => e.node.id)).toEqual(['cred-1', 'd-child']);
  expect([firstWindow.pageInfo.hasNextPage, nextWindow.pageInfo.hasNextPage]).toEqual([true, false]);
  const standing = value(await service.standing(admin(), null, {}, {}));
  expect(ids(standing, (n) => n.id)).toEqual(['d-root']);
  // Two days from now nothing was decided in the last day: every live agent is dormant.
  const later = new ReadService(w.models, undefined, () => Date.now() + 2 * 86_400_000);
  const dormant = value(await later.dormant(admin(), 1, null, {}, {}));
  expect(ids(dormant, (n) => n.agent.id).sort()).toEqual([w.agents.a1.id, w.agents.a2.id, w.agents.b1.id, w.agents.c1.id].sort());
  const over = value(await service.overScoped(admin(), 30, null, {}, {}));
  const unused = Object.fromEntries(over.edges.map((e) => [e.node.delegation.id, e.node.capabilities]));
  expect(unused['d-root']).toEqual([{ index: 0, resource: 'erp://po/**', unused: false, unusedActions: ['create'], usedActions: ['read'] }]);
  expect(unused['d-child']).toEqual([
    { index: 0, resource: 'erp://po/*', unused: false, unusedActions: ['create'], usedActions: ['read'] },
    { index: 1, resource: 'erp://po/archive/**', unused: true, unusedActions: ['read'], usedActions: [] },
  ]);
  // Two days on, nothing was used in the last day: everything granted is unused.
  const laterOver = value(await later.overScoped(admin(), 1, null, {}, {}));
  expect(laterOver.edges.find((e) => e.node.delegation.id === 'd-root')!.node.capabilities[0]).toMatchObject({ unused: true, unusedActions: ['create', 'read'] });
});

test('atLeast waits for the read models, then refuses with read_model.behind', async () => {
  const quick = new ReadModels(w.models.store, { waitMs: 50 });
  const res = await new ReadService(quick).principal(admin(), w.people.alice.id, { atLeast: w.runtime.size() + 10 });
  expect(res.ok ? 'ok' : res.problems[0].code).toBe('read_model.behind');
  const pending = service.agent(admin(), w.agents.b1.id, { atLeast: w.runtime.size() });
  await w.submit(w.people.bob, 'agent.reviewed', { agentId: w.agents.b1.id });
  expect(value(await pending)?.lastReviewedAt).not.toBeNull();
});
