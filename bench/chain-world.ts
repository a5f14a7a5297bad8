// The world the decision benchmarks decide in: a human holding one entitlement, chains of
// delegations from that human down to an agent (depth 1 to 10), a credential at the end
// of each, and the agents' requests. Statements are signed with Node's Ed25519
// (byte-identical to the SDK's noble signatures, and much faster to make); where they go
// is the caller's: straight into the runtime (decisions.bench.ts) or to the service over
// GraphQL (authzen.bench.ts), so both build the same chains the same way.
import { randomBytes, randomUUID } from 'node:crypto';
import { seedSigner, type LedgerSigner } from '../src/application/ledger/ledger-signer';
import { toBase64Url } from '../src/integrity/bytes';
import { encodeStatement, signingMessage, type SignedStatement, type Statement } from '../src/integrity/statement';

export interface Party {
  readonly id: string;
  readonly seed: Uint8Array;
  readonly signer: LedgerSigner;
  readonly publicKey: string;
}

export function party(prefix: string, seed: Uint8Array = new Uint8Array(randomBytes(32)), id = `${prefix}-${randomUUID()}`): Party {
  const signer = seedSigner(seed);
  return { id, seed, signer, publicKey: toBase64Url(signer.publicKey) };
}

export const CAPABILITY = { resource: 'erp://po/**', actions: ['create'], conditions: { maxAmount: 1_000_000 } };
export const MODEL = { name: 'bench', version: '1' };
const ENTITLEMENT = 'e-bench';
const TASK = 'bench';

/** Appends in order; throws on the first refusal (setup must not half-succeed). */
export type Submit = (inputs: readonly SignedStatement[]) => Promise<void>;

/** A chain's leaf: the agent and the delegation its credential is requested under. */
export interface Leaf {
  readonly agent: Party;
  readonly delegationId: string;
}

export class ChainWorld {
  private constructor(
    readonly ledgerId: string,
    readonly must: Submit,
    readonly human: Party,
  ) {}

  /** Registers the human and grants the entitlement every chain starts from, signed by `admin`. */
  static async create(ledgerId: string, admin: Party, must: Submit): Promise<ChainWorld> {
    const world = new ChainWorld(ledgerId, must, party('human'));
    const { human } = world;
    await must([world.signed(admin, 'principal.registered', { principalId: human.id, kind: 'human', name: 'Hana', publicKey: human.publicKey })]);
    await must([world.signed(admin, 'principal.entitlement_granted', { principalId: human.id, entitlementId: ENTITLEMENT, capability: CAPABILITY })]);
    return world;
  }

  signed(by: Party, type: string, body: object): SignedStatement {
    const text = encodeStatement({ v: 1, ledgerId: this.ledgerId, type, actor: by.id, nonce: randomUUID(), issuedAt: new Date().toISOString(), body } as Statement);
    return { statement: text, signature: toBase64Url(by.signer.sign(signingMessage(text))) };
  }

  /** A chain of `depth` delegations from the human, each to a new subagent of the last. */
  async delegations(depth: number): Promise<Leaf> {
    const now = Date.now();
    let parent: Leaf | undefined;
    for (let level = 0; level < depth; level++) {
      const agent = party('agent');
      const by = parent?.agent ?? this.human;
      await this.must([this.signed(by, 'agent.provisioned', { agentId: agent.id, ownerId: this.human.id, publicKey: agent.publicKey, purpose: 'bench', model: MODEL, ...(parent ? { parentAgentId: parent.agent.id } : {}) })]);
      const delegationId = `d-${randomUUID()}`;
      // Each level a little narrower than its parent, as delegation requires.
      const window = { notBefore: new Date(now - 60_000 + level).toISOString(), notAfter: new Date(now + 86_400_000 - level * 1000).toISOString() };
      const link = parent === undefined ? { entitlementId: ENTITLEMENT } : { parentId: parent.delegationId };
      await this.must([this.signed(by, 'delegation.granted', { delegationId, delegateeId: agent.id, ...link, capabilities: [CAPABILITY], ...window, depth: depth - level - 1, purpose: 'bench' })]);
      parent = { agent, delegationId };
    }
    if (parent === undefined) throw new Error('a chain has at least one delegation');
    return parent;
  }

  /** The leaf agent's signed request for a credential (the caller submits it where it can read the token). */
  credentialRequest(leaf: Leaf): { credentialId: string; input: SignedStatement } {
    const credentialId = `c-${randomUUID()}`;
    return { credentialId, input: this.signed(leaf.agent, 'credential.request', { credentialId, delegationId: leaf.delegationId, task: { id: TASK }, ttlSeconds: 3600 }) };
  }

  /** A chain of `depth` delegations and a credential at its end. */
  async chain(depth: number): Promise<{ agent: Party; credentialId: string }> {
    const leaf = await this.delegations(depth);
    const { credentialId, input } = this.credentialRequest(leaf);
    await this.must([input]);
    return { agent: leaf.agent, credentialId };
  }

  /** The agent's own signed `action.request` (GraphQL `authorize`, the runtime's authorize). */
  request(agent: Party, credentialId: string): SignedStatement {
    return this.signed(agent, 'action.request', { requestId: randomUUID(), credentialId, action: 'create', resource: `erp://po/orders/${randomUUID()}`, amount: 10, taskId: TASK });
  }
}
