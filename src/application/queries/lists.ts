// Filtered lists at a point, ordered by id (decisions by position), one page at a time.
import { DECISION_ROWS } from '../projections/projection-schema';
import type { ProjectionStore } from '../projections/projection-store';
import type { AgentRow, CredentialRow, DecisionRow, DelegationRow, PrincipalRow } from '../projections/rows';
import type { Page } from './pagination';

export interface PrincipalFilter { readonly kind?: string | null; readonly role?: string | null; readonly status?: string | null; readonly registeredBy?: string | null }
export interface AgentFilter { readonly owner?: string | null; readonly provisionedBy?: string | null; readonly parent?: string | null; readonly status?: string | null }
export interface DelegationFilter { readonly delegatee?: string | null; readonly delegator?: string | null; readonly rootHuman?: string | null; readonly status?: string | null }
export interface CredentialFilter { readonly agent?: string | null; readonly delegation?: string | null; readonly status?: string | null }
export interface DecisionFilter { readonly agent?: string | null; readonly human?: string | null; readonly outcome?: string | null; readonly requestId?: string | null; readonly delegation?: string | null }

type Where = [string, unknown][];

function select<T>(store: ProjectionStore, table: string, where: Where, p: number, page: Page): T[] {
  const clauses = ['vf <= ? AND vt > ?', ...where.map(([c]) => c)];
  const params: unknown[] = [p, p, ...where.map(([, v]) => v)];
  if (page.after !== undefined) {
    clauses.push('id > ?');
    params.push(String(page.after));
  }
  params.push(page.limit + 1);
  return store.db.prepare(`SELECT * FROM ${table} WHERE ${clauses.join(' AND ')} ORDER BY id LIMIT ?`).all(...params) as T[];
}

const some = (where: Where, clause: string, value: unknown) => {
  if (value !== null && value !== undefined) where.push([clause, value]);
};

const AGENT_STATUS: Record<string, string> = {
  active: "lifecycle = 'active' AND needs_review = 0 AND 1 = ?",
  'needs-review': "lifecycle = 'active' AND needs_review = 1 AND 1 = ?",
  suspended: "lifecycle = 'suspended' AND 1 = ?",
  deprovisioned: "lifecycle = 'deprovisioned' AND 1 = ?",
};

export class ListReader {
  constructor(private readonly store: ProjectionStore) {}

  principals(f: PrincipalFilter, p: number, page: Page): PrincipalRow[] {
    const w: Where = [];
    some(w, 'kind = ?', f.kind);
    some(w, 'status = ?', f.status);
    some(w, 'registered_by = ?', f.registeredBy);
    some(w, 'EXISTS (SELECT 1 FROM json_each(roles) WHERE value = ?)', f.role);
    return select(this.store, 'principals', w, p, page);
  }

  agents(f: AgentFilter, p: number, page: Page): AgentRow[] {
    const w: Where = [];
    some(w, 'owner_id = ?', f.owner);
    some(w, 'provisioned_by = ?', f.provisionedBy);
    some(w, 'parent_agent_id = ?', f.parent);
    if (f.status != null) w.push([AGENT_STATUS[f.status] ?? '0 = ?', 1]);
    return select(this.store, 'agents', w, p, page);
  }

  delegations(f: DelegationFilter, p: number, page: Page): DelegationRow[] {
    const w: Where = [];
    some(w, 'delegatee_id = ?', f.delegatee);
    some(w, 'delegator_id = ?', f.delegator);
    some(w, 'root_human_id = ?', f.rootHuman);
    some(w, 'status = ?', f.status);
    return select(this.store, 'delegations', w, p, page);
  }

  credentials(f: CredentialFilter, p: number, page: Page): CredentialRow[] {
    const w: Where = [];
    some(w, 'agent_id = ?', f.agent);
    some(w, 'delegation_id = ?', f.delegation);
    some(w, 'status = ?', f.status);
    return select(this.store, 'credentials', w, p, page);
  }

  decisions(f: DecisionFilter, p: number, page: Page): DecisionRow[] {
    const clauses = ['e.position <= ?'];
    const params: unknown[] = [p];
    const add = (clause: string, value: unknown) => {
      if (value !== null && value !== undefined) {
        clauses.push(clause);
        params.push(value);
      }
    };
    add('e.agent_id = ?', f.agent);
    add('e.human_id = ?', f.human);
    add('e.outcome = ?', f.outcome);
    add('e.request_id = ?', f.requestId);
    add('e.delegation_id = ?', f.delegation);
    if (page.after !== undefined) add('e.position > ?', Number(page.after));
    params.push(page.limit + 1);
    return this.store.db.prepare(`${DECISION_ROWS} AND ${clauses.join(' AND ')} ORDER BY e.position LIMIT ?`).all(...params) as DecisionRow[];
  }

  decisionAt(position: number, p: number): DecisionRow | undefined {
    if (position > p) return undefined;
    return this.store.db.prepare(`${DECISION_ROWS} AND e.position = ?`).get(position) as DecisionRow | undefined;
  }

  /** The latest decision recorded for a request id at the point. */
  decisionByRequest(requestId: string, p: number): DecisionRow | undefined {
    return this.store.db.prepare(`${DECISION_ROWS} AND e.request_id = ? AND e.position <= ? ORDER BY e.position DESC LIMIT 1`).get(requestId, p) as DecisionRow | undefined;
  }

  /**
   * Every agent acting under a human's authority at the point: the agents they own
   * (directly or as subagents) and the delegatees of live delegations rooted in them,
   * each with its paths from the human down.
   */
  agentsUnder(humanId: string, p: number, page: Page): { agent: AgentRow; paths: string[][] }[] {
    const after = page.after === undefined ? '' : String(page.after);
    const ids = this.store.db
      .prepare(
        `SELECT id FROM agents WHERE owner_id = @h AND vf <= @p AND vt > @p AND id > @after
         UNION SELECT delegatee_id FROM delegations WHERE root_human_id = @h AND vf <= @p AND vt > @p AND status = 'active' AND delegatee_id > @after
         ORDER BY 1 LIMIT @n`,
      )
      .pluck()
      .all({ h: humanId, p, after, n: page.limit + 1 }) as string[];
    if (ids.length === 0) return [];
    // Every path for the page in two range reads, not one query per agent.
    const last = ids[ids.length - 1]!;
    const owned = new Map(
      (this.store.db.prepare('SELECT * FROM agents WHERE owner_id = @h AND vf <= @p AND vt > @p AND id > @after AND id <= @last').all({ h: humanId, p, after, last }) as AgentRow[]).map((a) => [a.id, a]),
    );
    const delegated = new Map<string, string[][]>();
    const rows = this.store.db
      .prepare(`SELECT delegatee_id AS id, agent_path AS path FROM delegations WHERE root_human_id = @h AND vf <= @p AND vt > @p AND status = 'active' AND delegatee_id > @after AND delegatee_id <= @last`)
      .all({ h: humanId, p, after, last }) as { id: string; path: string }[];
    for (const row of rows) {
      const paths = delegated.get(row.id) ?? [];
      const path = [humanId, ...split(row.path)];
      if (!paths.some((x) => x.join('/') === path.join('/'))) paths.push(path);
      delegated.set(row.id, paths);
    }
    const out: { agent: AgentRow; paths: string[][] }[] = [];
    for (const id of ids) {
      const agent = owned.get(id) ?? this.store.rowAt('agents', id, p);
      if (agent === undefined) continue;
      const paths: string[][] = agent.owner_id === humanId ? [[humanId, ...split(agent.path)]] : [];
      for (const path of delegated.get(id) ?? []) if (!paths.some((x) => x.join('/') === path.join('/'))) paths.push(path);
      out.push({ agent, paths });
    }
    return out;
  }
}

const split = (path: string) => path.split('/').filter((s) => s !== '');
