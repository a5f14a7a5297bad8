// The AuthZEN benchmark's world against the real service: the chains of chain-world.ts
// submitted over GraphQL, a gateway principal holding the `enforcer` role, and the two
// doors a recorded decision comes through, each request signed ahead of sending:
//  - GraphQL `authorize`: the agent's own signed `action.request`;
//  - AuthZEN `POST /access/v1/evaluation`: signed by the enforcer with the SDK's
//    `authzenRequest`, presenting the agent's credential token.
// Only a confirmed answer counts: an allowed decision with the receipt of its record.
// test/bench/authzen-bench.int.spec.ts holds these requests to that against a service.
import { randomUUID } from 'node:crypto';
import { authzenRequest, authzenResource, importKeys, WritClient, type FetchLike } from '../src/sdk';
import { AUTHZEN_EVALUATION_PATH } from '../src/sdk/authzen';
import { nodeHttpFetch } from '../src/sdk/node';
import type { ServiceProcess } from '../test/support/service-process';
import { ChainWorld, party, type Party, type Submit } from './chain-world';

export type Door = 'graphql' | 'authzen';

/** An agent at the end of a chain, with the credential it presents. */
export interface BenchAgent {
  readonly agent: Party;
  readonly credentialId: string;
  /** The compact JWS the service issued (what an AuthZEN request carries). */
  readonly token: string;
}

/** What one request came back with: confirmed (allowed and recorded, with the record's leaf) or why not. */
export type Outcome = { readonly confirmed: true; readonly leafIndex: number } | { readonly confirmed: false; readonly problem: string };

/** One signed request, ready to send. */
export type Send = () => Promise<Outcome>;

export class AuthzenBenchWorld {
  private constructor(
    readonly service: ServiceProcess,
    readonly world: ChainWorld,
    readonly enforcer: Party,
    private readonly client: WritClient,
    private readonly transport: FetchLike,
  ) {}

  static async create(service: ServiceProcess, maxSockets = 16): Promise<AuthzenBenchWorld> {
    const file = importKeys(service.adminKeyFile());
    if (!file.ok || file.value.id === undefined) throw new Error('admin key file unreadable');
    const admin = party('admin', file.value.seed, file.value.id);
    const transport = nodeHttpFetch({ maxSockets });
    const client = new WritClient({ url: service.url, ledgerId: service.ledgerId, retries: 0, fetch: transport });
    const must: Submit = async (inputs) => {
      const results = await client.submitBatch(inputs);
      const refused = results.ok ? results.value.find((r) => !r.ok) : results;
      if (refused !== undefined && !refused.ok) throw new Error(`bench setup refused: ${JSON.stringify(refused.problems[0])}`);
    };
    const world = await ChainWorld.create(service.ledgerId, admin, must);
    const enforcer = party('gateway');
    await must([world.signed(admin, 'principal.registered', { principalId: enforcer.id, kind: 'broker', name: 'bench gateway', publicKey: enforcer.publicKey })]);
    await must([world.signed(admin, 'principal.role_granted', { principalId: enforcer.id, role: 'enforcer' })]);
    return new AuthzenBenchWorld(service, world, enforcer, client, transport);
  }

  /** `count` agents, each at the end of its own chain of `depth` delegations, with a credential. */
  agents(depth: number, count: number): Promise<BenchAgent[]> {
    return Promise.all(
      Array.from({ length: count }, async () => {
        const leaf = await this.world.delegations(depth);
        const { credentialId, input } = this.world.credentialRequest(leaf);
        const issued = await this.client.requestCredential(input);
        if (!issued.ok) throw new Error(`bench credential refused: ${JSON.stringify(issued.problems[0])}`);
        return { agent: leaf.agent, credentialId, token: issued.value.credential.token };
      }),
    );
  }

  /** Signs one request for `agent` through `door` now; the returned function sends it. */
  prepare(door: Door, agent: BenchAgent): Send {
    return door === 'graphql' ? this.graphql(agent) : this.authzen(agent);
  }

  private graphql(a: BenchAgent): Send {
    const input = this.world.request(a.agent, a.credentialId);
    return async () => {
      const r = await this.client.authorize(input);
      if (!r.ok) return { confirmed: false, problem: JSON.stringify(r.problems[0]) };
      const { decision, receipt, replayed } = r.value;
      if (decision !== 'allowed' || receipt === undefined || replayed) return { confirmed: false, problem: JSON.stringify({ decision, reason: r.value.reason, replayed }) };
      return { confirmed: true, leafIndex: receipt.leafIndex };
    };
  }

  /** The request a gateway sends: the enforcer signs, the agent's credential rides in `context`. */
  authzenHttpRequest(a: BenchAgent): { body: string; headers: Readonly<Record<string, string>> } {
    return authzenRequest(
      { subject: { type: 'agent', id: a.agent.id }, action: { name: 'create' }, resource: authzenResource(`erp://po/orders/${randomUUID()}`), context: { credential: a.token, amount: 10 } },
      { ledgerId: this.service.ledgerId, actor: this.enforcer.id, keys: { seed: this.enforcer.seed } },
    );
  }

  private authzen(a: BenchAgent): Send {
    const { body, headers } = this.authzenHttpRequest(a);
    const url = `${this.service.url}${AUTHZEN_EVALUATION_PATH}`;
    return async () => {
      const answer = await this.transport(url, { method: 'POST', headers, body, signal: new AbortController().signal });
      const text = await answer.text();
      return authzenOutcome(answer.status, text, a.agent.id);
    };
  }
}

/** HTTP 200, `decision: true`, and the receipt of an `action.authorized` in the agent's stream: anything else is not a recorded allow. */
export function authzenOutcome(status: number, text: string, agentId: string): Outcome {
  let json: { decision?: unknown; context?: { receipt?: { leafIndex?: unknown; stream?: unknown; type?: unknown } } };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return { confirmed: false, problem: `HTTP ${status}: not JSON` };
  }
  const receipt = json.context?.receipt;
  if (status !== 200 || json.decision !== true || typeof receipt?.leafIndex !== 'number' || receipt.stream !== `actions-${agentId}` || receipt.type !== 'action.authorized') {
    return { confirmed: false, problem: `HTTP ${status}: ${text.slice(0, 300)}` };
  }
  return { confirmed: true, leafIndex: receipt.leafIndex };
}
