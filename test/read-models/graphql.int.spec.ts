// The read models over real HTTP: each query answers admins and auditors, and refuses
// (auth.forbidden, not an empty answer) a reader asking about another principal's data.
import type { Receipt } from '../../src/application/ledger/ledger.port';
import type { TestActor } from '../support/ledger-fixtures';
import type { TestApp } from '../interface/support/app';
import { startReadApp, tokenOf } from './support/app';
import { openWorld, seedStory, type World } from './support/world';

let w: World;
let r: Record<string, Receipt>;
let api: TestApp;

beforeAll(async () => {
  w = await openWorld(300);
  r = await seedStory(w);
  api = await startReadApp(w);
});
afterAll(async () => {
  await api.close();
  await w.close();
});

async function ask(who: TestActor, query: string, variables?: Record<string, unknown>) {
  return api.graphql(query, variables, await tokenOf(w, who));
}

const LINEAGE = 'query($of: LineageOf!, $asOf: AsOf, $atLeast: Int) { lineage(of: $of, asOf: $asOf, atLeast: $atLeast) { position chains { links { kind id status notBefore notAfter capabilities eventHash leafIndex } } } }';

test('an auditor reads the lineage of a decision to the human and the entitlement', async () => {
  const { body } = await ask(w.people.auditor, LINEAGE, { of: { decision: 'req-ok' } });
  expect(body.errors).toBeUndefined();
  const links = body.data!['lineage'].chains[0].links;
  expect(links.map((l: { kind: string }) => l.kind)).toEqual(['credential', 'agent', 'delegation', 'agent', 'delegation', 'principal', 'entitlement']);
  expect(links[4]).toMatchObject({ id: 'd-root', status: 'active', leafIndex: r['root']!.leafIndex, eventHash: r['root']!.envelopeHash });
});

test('asOf and atLeast travel through GraphQL; a position not yet applied is read_model.behind', async () => {
  const past = await ask(w.people.admin, '{ agent(id: "' + w.agents.a1.id + '", asOf: { position: ' + (r['model']!.leafIndex - 1) + ' }) { status modelVersion } }');
  expect(past.body.data!['agent']).toEqual({ status: 'active', modelVersion: '1' });
  const ahead = await ask(w.people.admin, `{ agent(id: "${w.agents.a1.id}", atLeast: ${w.runtime.size() + 1000}) { status } }`);
  expect(ahead.body.errors![0]!.extensions['code']).toBe('read_model.behind');
});

test('inventories and lists answer with Relay connections', async () => {
  const { body } = await ask(w.people.auditor, `{
    orphaned { edges { node { id } } }
    unreviewed(days: 30, first: 2) { edges { cursor node { agent { id } reason } } pageInfo { hasNextPage endCursor } }
    expiring(hours: 24) { edges { node { kind id endsAt } } }
    standing { edges { node { kind id } } }
    overScoped(days: 30) { edges { node { delegation { id } capabilities { resource unused unusedActions } } } }
    dormant(days: 1) { edges { node { agent { id } } } }
    agentsUnder(human: "${w.people.alice.id}") { edges { node { agent { id } paths } } }
    decisions(filter: { outcome: "denied" }) { edges { node { requestId reason } } }
  }`);
  expect(body.errors).toBeUndefined();
  expect(body.data!['orphaned'].edges).toEqual([{ node: { id: w.agents.c1.id } }]);
  expect(body.data!['unreviewed'].pageInfo.hasNextPage).toBe(true);
  expect(body.data!['standing'].edges).toEqual([{ node: { kind: 'delegation', id: 'd-root' } }]);
  expect(body.data!['agentsUnder'].edges).toHaveLength(2);
  expect(body.data!['decisions'].edges).toEqual([{ node: { requestId: 'req-no', reason: 'capability.not_covered' } }]);
});

describe('who may read: each role against its own data and another principal’s', () => {
  const cases: [string, () => TestActor, () => string, string][] = [
    // [who, reader, query, expected: ok | forbidden]
    ['alice reads her agent', () => w.people.alice, () => `{ agent(id: "${w.agents.a2.id}") { id } }`, 'ok'],
    ['alice reads bob’s agent', () => w.people.alice, () => `{ agent(id: "${w.agents.b1.id}") { id } }`, 'forbidden'],
    ['alice reads the lineage of her agent’s decision', () => w.people.alice, () => `{ lineage(of: { decision: "req-ok" }) { position } }`, 'ok'],
    ['bob reads the lineage of alice’s decision', () => w.people.bob, () => `{ lineage(of: { decision: "req-ok" }) { position } }`, 'forbidden'],
    ['bob lists agents under alice', () => w.people.bob, () => `{ agentsUnder(human: "${w.people.alice.id}") { edges { cursor } } }`, 'forbidden'],
    ['bob lists agents under himself', () => w.people.bob, () => `{ agentsUnder(human: "${w.people.bob.id}") { edges { cursor } } }`, 'ok'],
    ['bob lists all agents', () => w.people.bob, () => `{ agents { edges { cursor } } }`, 'forbidden'],
    ['bob lists alice’s dormant agents', () => w.people.bob, () => `{ dormant(days: 1, owner: "${w.people.alice.id}") { edges { cursor } } }`, 'forbidden'],
    ['bob reads the whole orphaned inventory', () => w.people.bob, () => `{ orphaned { edges { cursor } } }`, 'forbidden'],
    ['alice reads her own over-scoped delegations', () => w.people.alice, () => `{ overScoped(days: 30, owner: "${w.people.alice.id}") { edges { cursor } } }`, 'ok'],
    ['a2 reads its own credential', () => w.agents.a2, () => `{ credential(id: "cred-1") { id } }`, 'ok'],
    ['a2 reads its chain above it', () => w.agents.a2, () => `{ delegation(id: "d-root") { id } }`, 'ok'],
    ['a2 reads its own decisions', () => w.agents.a2, () => `{ decisions(filter: { agent: "${w.agents.a2.id}" }) { edges { cursor } } }`, 'ok'],
    ['b1 reads a2’s credential', () => w.agents.b1, () => `{ credential(id: "cred-1") { id } }`, 'forbidden'],
    ['b1 reads a2’s decisions', () => w.agents.b1, () => `{ decisions(filter: { agent: "${w.agents.a2.id}" }) { edges { cursor } } }`, 'forbidden'],
    ['b1 reads alice’s delegation', () => w.agents.b1, () => `{ delegation(id: "d-root") { id } }`, 'forbidden'],
    ['the broker reads the human it registered', () => w.people.broker, () => `{ principal(id: "${w.people.carol.id}") { id } }`, 'ok'],
    ['the broker reads the agent it provisioned', () => w.people.broker, () => `{ agent(id: "${w.agents.c1.id}") { id } }`, 'ok'],
    ['the broker lists what it registered', () => w.people.broker, () => `{ principals(filter: { registeredBy: "${w.people.broker.id}" }) { edges { node { id } } } }`, 'ok'],
    ['the broker reads a human it did not register', () => w.people.broker, () => `{ principal(id: "${w.people.alice.id}") { id } }`, 'forbidden'],
    ['the broker reads an agent it did not provision', () => w.people.broker, () => `{ agent(id: "${w.agents.a1.id}") { id } }`, 'forbidden'],
    ['an admin reads anything', () => w.people.admin, () => `{ agent(id: "${w.agents.b1.id}") { id } }`, 'ok'],
    ['an auditor reads anything', () => w.people.auditor, () => `{ credential(id: "cred-1") { id } }`, 'ok'],
  ];
  test.each(cases)('%s', async (_, who, query, expected) => {
    const { body } = await ask(who(), query());
    if (expected === 'ok') {
      expect(body.errors).toBeUndefined();
      expect(Object.values(body.data!)[0]).not.toBeNull();
    } else {
      expect(body.errors?.[0]?.extensions['code']).toBe('auth.forbidden');
      expect(Object.values(body.data!)[0]).toBeNull();
    }
  });

  test('an unknown id is forbidden to a human (no existence leak) and null to an admin', async () => {
    expect((await ask(w.people.bob, '{ agent(id: "nope") { id } }')).body.errors![0]!.extensions['code']).toBe('auth.forbidden');
    expect((await ask(w.people.admin, '{ agent(id: "nope") { id } }')).body.data).toEqual({ agent: null });
  });

  test('reads without a token are refused', async () => {
    const { body } = await api.graphql('{ orphaned { edges { cursor } } }');
    expect(body.errors![0]!.extensions['code']).toBe('auth.missing_token');
  });
});
