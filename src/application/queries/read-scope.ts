// Who may read what (DESIGN.md, Who may read), judged on the read models at the point
// asked about: admins and auditors read everything; a human what lies under their own
// authority; an agent its own record, chain, credentials and decisions; a broker what
// it registered. A read outside the reader's scope is refused, never answered empty.
import type { ProjectionStore } from '../projections/projection-store';
import type { DecisionRow } from '../projections/rows';

export interface ReaderIdentity {
  readonly id: string;
  readonly kind: string;
  readonly roles: readonly string[];
}

export const readsEverything = (r: ReaderIdentity) => r.roles.includes('admin') || r.roles.includes('auditor');
const isBroker = (r: ReaderIdentity) => r.roles.includes('broker');

export class ReadScope {
  constructor(private readonly store: ProjectionStore) {}

  human(r: ReaderIdentity, humanId: string, p: number): boolean {
    if (readsEverything(r) || r.id === humanId) return true;
    return isBroker(r) && this.store.rowAt('principals', humanId, p)?.registered_by === r.id;
  }

  principal(r: ReaderIdentity, id: string, p: number): boolean {
    if (this.human(r, id, p)) return true;
    // An agent may read its owner's record, the root of its own chain.
    return r.kind === 'agent' && this.store.rowAt('agents', r.id, p)?.owner_id === id;
  }

  agent(r: ReaderIdentity, agentId: string, p: number): boolean {
    if (readsEverything(r) || r.id === agentId) return true;
    const agent = this.store.rowAt('agents', agentId, p);
    if (agent === undefined) return false;
    if (agent.owner_id === r.id) return true;
    return isBroker(r) && agent.provisioned_by === r.id;
  }

  delegation(r: ReaderIdentity, delegationId: string, p: number): boolean {
    if (readsEverything(r)) return true;
    const d = this.store.rowAt('delegations', delegationId, p);
    if (d === undefined) return false;
    if (d.root_human_id === r.id || d.delegator_id === r.id || this.agent(r, d.delegatee_id, p)) return true;
    // An agent reads the whole chain above what it holds.
    if (r.kind !== 'agent') return false;
    const held = this.store.db
      .prepare('SELECT 1 FROM delegations WHERE delegatee_id = ? AND vf <= ? AND vt > ? AND substr(path, 1, ?) = ? LIMIT 1')
      .get(r.id, p, p, d.path.length + 1, `${d.path}/`);
    return held !== undefined;
  }

  credential(r: ReaderIdentity, credentialId: string, p: number): boolean {
    if (readsEverything(r)) return true;
    const c = this.store.rowAt('credentials', credentialId, p);
    return c !== undefined && this.agent(r, c.agent_id, p);
  }

  decision(r: ReaderIdentity, d: DecisionRow, p: number): boolean {
    if (readsEverything(r) || d.owner_id === r.id || d.root_human_id === r.id) return true;
    return this.agent(r, d.agent_id, p);
  }
}
