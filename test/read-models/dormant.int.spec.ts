// Issue 17, item 11: `dormant(days)` over real HTTP. Idleness is measured from the last
// decision or, for an agent that never acted, from its provisioning: 40 days after the
// story, dormant(30) lists the agents that never acted (lastDecisionAt null) beside the
// one whose last decision is 40 days old; an agent younger than the window is not
// dormant, whether or not it acted.
import type { TestApp } from '../interface/support/app';
import { startReadApp, tokenOf } from './support/app';
import { openWorld, seedStory, type World } from './support/world';

const DAY = 86_400_000;
let w: World;
let api: TestApp;

beforeAll(async () => {
  w = await openWorld(300);
  await seedStory(w);
  api = await startReadApp(w);
});
afterAll(async () => {
  await api.close();
  await w.close();
});

const DORMANT = 'query($days: Float!, $asOf: AsOf) { dormant(days: $days, asOf: $asOf) { edges { node { agent { id provisionedAt } lastDecisionAt } } } }';

async function dormant(days: number, laterMs: number): Promise<Map<string, { provisionedAt: string; lastDecisionAt: string | null }>> {
  const asOf = laterMs === 0 ? undefined : { time: new Date(Date.now() + laterMs).toISOString() };
  const { body } = await api.graphql(DORMANT, { days, asOf }, await tokenOf(w, w.people.auditor));
  expect(body.errors).toBeUndefined();
  const edges = body.data!['dormant'].edges as { node: { agent: { id: string; provisionedAt: string }; lastDecisionAt: string | null } }[];
  return new Map(edges.map(({ node }) => [node.agent.id, { provisionedAt: node.agent.provisionedAt, lastDecisionAt: node.lastDecisionAt }]));
}

test('an agent provisioned 40 days ago that never acted is dormant(30), with lastDecisionAt null', async () => {
  const { a1, a2, b1, c1 } = w.agents;
  const found = await dormant(30, 40 * DAY);
  expect([...found.keys()].sort()).toEqual([a1.id, a2.id, b1.id, c1.id].sort());
  // b1 (bob's), a1 and c1 never made a decision; a2 did, 40 days before.
  for (const never of [a1, b1, c1]) expect(found.get(never.id)).toMatchObject({ lastDecisionAt: null, provisionedAt: expect.any(String) });
  expect(found.get(a2.id)!.lastDecisionAt).toEqual(expect.any(String));
});

test('an agent younger than the window is not dormant, acted or not', async () => {
  expect((await dormant(30, 0)).size).toBe(0);
  expect((await dormant(45, 40 * DAY)).size).toBe(0);
});
