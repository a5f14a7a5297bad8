// The AuthZEN benchmark (bench/authzen.bench.ts) counts only confirmed decisions; this
// holds its request builders to what the real service accepts, so the benchmark cannot
// silently measure refusals: one iteration of each door at chain depth 1 and 10 is an
// allowed decision recorded in the ledger (the read model finds it at the receipt's
// leaf, naming the enforcer for AuthZEN), and answers that are not a recorded allow
// (a replayed request, a recorded denial) are not counted as confirmed.
import { importKeys, readToken } from '../../src/sdk';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { AuthzenBenchWorld, type BenchAgent, type Outcome } from '../../bench/authzen-world';
import { startService, type ServiceProcess } from '../support/service-process';

installNodeSha256();

let service: ServiceProcess;
let bench: AuthzenBenchWorld;
let shallow: BenchAgent;
let deep: BenchAgent;
/** The service's first admin (from its key file), who reads the record. */
let readerToken: string;

beforeAll(async () => {
  service = await startService({ env: { WRIT_DURABILITY: 'normal' } });
  bench = await AuthzenBenchWorld.create(service, 4);
  [shallow] = await bench.agents(1, 1);
  [deep] = await bench.agents(10, 1);
  const admin = importKeys(service.adminKeyFile());
  if (!admin.ok || admin.value.id === undefined) throw new Error('admin key file unreadable');
  readerToken = readToken({ principalId: admin.value.id, ledgerId: service.ledgerId, seed: admin.value.seed });
}, 90_000);

afterAll(async () => {
  await service?.destroy();
});

/** The recorded decision at `leafIndex`, as an admin reads it through GraphQL. */
async function recorded(leafIndex: number): Promise<Record<string, unknown>> {
  const query = 'query($i: Int!) { decision(leafIndex: $i, atLeast: $i) { enforcer agentId outcome credentialId } }';
  const response = await fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${readerToken}` }, body: JSON.stringify({ query, variables: { i: leafIndex } }) });
  const body = (await response.json()) as { data?: { decision: Record<string, unknown> }; errors?: unknown };
  if (body.data === undefined) throw new Error(JSON.stringify(body.errors));
  return body.data.decision;
}

function leafOf(outcome: Outcome): number {
  if (!outcome.confirmed) throw new Error(`not confirmed: ${outcome.problem}`);
  return outcome.leafIndex;
}

describe.each([
  ['depth 1', () => shallow],
  ['depth 10', () => deep],
])('one bench iteration at chain %s', (_name, agentOf) => {
  test('AuthZEN: the enforcer-signed evaluation is an allowed decision, recorded with the enforcer named', async () => {
    const a = agentOf();
    const leaf = leafOf(await bench.prepare('authzen', a)());
    expect(await recorded(leaf)).toEqual({ enforcer: bench.enforcer.id, agentId: a.agent.id, outcome: 'allowed', credentialId: a.credentialId });
  });

  test('GraphQL: the agent-signed authorize is an allowed decision, recorded', async () => {
    const a = agentOf();
    const leaf = leafOf(await bench.prepare('graphql', a)());
    expect(await recorded(leaf)).toEqual({ enforcer: null, agentId: a.agent.id, outcome: 'allowed', credentialId: a.credentialId });
  });
});

describe('answers that are not a recorded allow are not counted', () => {
  test('a replayed AuthZEN request (401 statement.replayed)', async () => {
    const send = bench.prepare('authzen', shallow);
    expect((await send()).confirmed).toBe(true);
    const again = await send();
    expect(again).toEqual({ confirmed: false, problem: expect.stringMatching(/^HTTP 401: .*statement\.replayed/) });
  });

  test('a recorded AuthZEN denial (another agent’s credential: HTTP 200, decision false, with a receipt)', async () => {
    const outcome = await bench.prepare('authzen', { ...shallow, token: deep.token })();
    expect(outcome).toEqual({ confirmed: false, problem: expect.stringMatching(/^HTTP 200: .*"decision":false.*credential\.key_mismatch/) });
  });

  test('a replayed GraphQL authorize (answered from the record, not decided again)', async () => {
    const send = bench.prepare('graphql', shallow);
    expect((await send()).confirmed).toBe(true);
    expect((await send()).confirmed).toBe(false);
  });
});
