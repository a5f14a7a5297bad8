// Lineage: the ordered chain from a decision, credential, delegation or agent up to the
// human and the entitlement at the root, leaf first as decisions record it (credential,
// agent, delegation, agent, delegation, ..., human, entitlement). Each link is the
// version valid at the point, with its status then, its window, its capabilities and the
// hash and leaf index of the event that made it (to ask for an inclusion proof).
import { formatInstant } from '../../domain';
import type { ProjectionStore } from '../projections/projection-store';
import type { AgentRow, DecisionRow, DelegationRow } from '../projections/rows';
import { agentStatusOf, credentialStatus, delegationStatus } from './views';

export type LinkKind = 'credential' | 'agent' | 'delegation' | 'principal' | 'entitlement';

export interface LineageLink {
  readonly kind: LinkKind;
  readonly id: string;
  /** `missing` when the record does not exist at the point (a damaged or partial chain). */
  readonly status: string;
  readonly holderId: string | null;
  readonly notBefore: string | null;
  readonly notAfter: string | null;
  readonly capabilities: unknown;
  readonly eventHash: string | null;
  readonly leafIndex: number | null;
}

export interface LineageChain {
  readonly links: readonly LineageLink[];
}

export interface Lineage {
  /** The position the links were read at (for a decision: the decision's own). */
  readonly position: number;
  readonly chains: readonly LineageChain[];
}

const MAX_WALK = 64;
const MAX_AGENT_CHAINS = 50;
const iso = (ms: number) => formatInstant(ms);
const missing = (kind: LinkKind, id: string): LineageLink => ({ kind, id, status: 'missing', holderId: null, notBefore: null, notAfter: null, capabilities: null, eventHash: null, leafIndex: null });

export class LineageReader {
  constructor(private readonly store: ProjectionStore) {}

  ofDelegation(id: string, p: number, now: number): Lineage | undefined {
    const d = this.store.rowAt('delegations', id, p);
    return d === undefined ? undefined : { position: p, chains: [{ links: this.delegationChain(d, p, now) }] };
  }

  ofCredential(id: string, p: number, now: number): Lineage | undefined {
    const c = this.store.rowAt('credentials', id, p);
    if (c === undefined) return undefined;
    const head: LineageLink = {
      kind: 'credential', id, status: credentialStatus(c, now), holderId: c.agent_id, notBefore: iso(c.issued_at), notAfter: iso(c.expires_at),
      capabilities: JSON.parse(c.capabilities), eventHash: c.hash, leafIndex: c.vf,
    };
    const d = this.store.rowAt('delegations', c.delegation_id, p);
    return { position: p, chains: [{ links: [head, ...(d ? this.delegationChain(d, p, now) : [missing('delegation', c.delegation_id)])] }] };
  }

  /** One chain per delegation the agent holds at the point; without any, its ownership path. */
  ofAgent(id: string, p: number, now: number): Lineage | undefined {
    const agent = this.store.rowAt('agents', id, p);
    if (agent === undefined) return undefined;
    const held = this.store.db
      .prepare(`SELECT * FROM delegations WHERE delegatee_id = ? AND vf <= ? AND vt > ? ORDER BY status, granted_at DESC LIMIT ${MAX_AGENT_CHAINS}`)
      .all(id, p, p) as DelegationRow[];
    if (held.length > 0) return { position: p, chains: held.map((d) => ({ links: this.delegationChain(d, p, now) })) };
    const links: LineageLink[] = [];
    let current: string | null = id;
    for (let i = 0; current !== null && i < MAX_WALK; i++) {
      const a: AgentRow | undefined = this.store.rowAt('agents', current, p);
      if (a === undefined) break;
      links.push(this.agentLink(a.id, p));
      current = a.parent_agent_id;
    }
    links.push(this.principalLink(agent.owner_id, p));
    return { position: p, chains: [{ links }] };
  }

  /** The hops the decision recorded, each as it stood when the decision was made. */
  ofDecision(d: DecisionRow): Lineage {
    const p = d.position;
    const now = d.recorded_at;
    const hops = JSON.parse(d.chain) as { kind: LinkKind; id: string }[];
    const links = hops.map((hop) => this.link(hop.kind, hop.id, p - 1, now));
    return { position: p, chains: [{ links }] };
  }

  private delegationChain(leaf: DelegationRow, p: number, now: number): LineageLink[] {
    const links: LineageLink[] = [];
    let d: DelegationRow | undefined = leaf;
    let last = leaf;
    for (let i = 0; d !== undefined && i < MAX_WALK; i++) {
      links.push(this.agentLink(d.delegatee_id, p), this.delegationLink(d, now));
      last = d;
      if (d.parent_id === null) break;
      const parentId: string = d.parent_id;
      d = this.store.rowAt('delegations', parentId, p);
      if (d === undefined) links.push(missing('delegation', parentId));
    }
    links.push(this.principalLink(last.root_human_id, p));
    if (last.entitlement_id !== null) links.push(this.link('entitlement', last.entitlement_id, p, now));
    return links;
  }

  private link(kind: LinkKind, id: string, p: number, now: number): LineageLink {
    switch (kind) {
      case 'agent':
        return this.agentLink(id, p);
      case 'principal':
        return this.principalLink(id, p);
      case 'delegation': {
        const d = this.store.rowAt('delegations', id, p);
        return d ? this.delegationLink(d, now) : missing(kind, id);
      }
      case 'credential': {
        const c = this.store.rowAt('credentials', id, p);
        return c
          ? { kind, id, status: credentialStatus(c, now), holderId: c.agent_id, notBefore: iso(c.issued_at), notAfter: iso(c.expires_at), capabilities: JSON.parse(c.capabilities), eventHash: c.hash, leafIndex: c.vf }
          : missing(kind, id);
      }
      case 'entitlement': {
        const e = this.store.rowAt('entitlements', id, p);
        return e
          ? { kind, id, status: e.status, holderId: e.holder_id, notBefore: null, notAfter: null, capabilities: [JSON.parse(e.capability)], eventHash: e.hash, leafIndex: e.vf }
          : missing(kind, id);
      }
    }
  }

  private delegationLink(d: DelegationRow, now: number): LineageLink {
    return {
      kind: 'delegation', id: d.id, status: delegationStatus(d, now), holderId: d.delegatee_id, notBefore: iso(d.not_before), notAfter: iso(d.not_after),
      capabilities: JSON.parse(d.capabilities), eventHash: d.hash, leafIndex: d.vf,
    };
  }

  private agentLink(id: string, p: number): LineageLink {
    const a = this.store.rowAt('agents', id, p);
    return a ? { kind: 'agent', id, status: agentStatusOf(a), holderId: a.owner_id, notBefore: null, notAfter: null, capabilities: null, eventHash: a.hash, leafIndex: a.vf } : missing('agent', id);
  }

  private principalLink(id: string, p: number): LineageLink {
    const h = this.store.rowAt('principals', id, p);
    return h ? { kind: 'principal', id, status: h.status, holderId: null, notBefore: null, notAfter: null, capabilities: null, eventHash: h.hash, leafIndex: h.vf } : missing('principal', id);
  }
}
