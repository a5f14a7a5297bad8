// The auditor queries as one application service: resolve the point (asOf, atLeast),
// check the reader's scope, run the query, shape the answer. Resolvers stay thin.
import { err, ok, problem, type Problem, type Result } from '../../errors/problem';
import type { ReadModels } from '../projections/read-models';
import type { DecisionRow, EventRow } from '../projections/rows';
import type { AnomalyRow } from '../projections/behaviour-rows';
import { anomaliesAt, anomalyKey, anomalyView, type AnomalyFilter, type AnomalyView } from './anomalies';
import { abortable, anomalyFeed, decisionFeed, eventFeed, type FeedFilter, type FeedGuard } from './feeds';
import { InventoryReader, windowKey, type StandingLimits, type UnusedCapability, type WindowItem } from './inventories';
import { LineageReader, type Lineage } from './lineage';
import { ListReader, type AgentFilter, type CredentialFilter, type DecisionFilter, type DelegationFilter, type PrincipalFilter } from './lists';
import { connectionOf, pageOf, type Connection, type Page, type PageArgs } from './pagination';
import { resolvePoint, type AsOf, type Point } from './point';
import { ReadScope, readsEverything, type ReaderIdentity } from './read-scope';
import { agentView, credentialView, decisionView, delegationView, principalView, type AgentView, type CredentialView, type DecisionView, type DelegationView, type PrincipalView } from './views';

export interface At {
  readonly asOf?: AsOf | null | undefined;
  readonly atLeast?: number | null | undefined;
}

/** Who follows a feed, asked again before each batch (the interface's read session). */
export interface FeedSession {
  /** The reader now, or why it may no longer read (deactivated, token over). */
  current(): Result<ReaderIdentity>;
  /** When the reader's authentication ends (ms since the epoch). */
  readonly until: number;
}

export interface LineageOf {
  readonly decision?: string | null;
  readonly decisionAt?: number | null;
  readonly credential?: string | null;
  readonly delegation?: string | null;
  readonly agent?: string | null;
}

export interface AgentUnder { readonly agent: AgentView; readonly paths: readonly (readonly string[])[] }
export interface DormantAgent { readonly agent: AgentView; readonly lastDecisionAt: string | null }
export interface UnreviewedAgent { readonly agent: AgentView; readonly reason: string }
export interface OverScoped { readonly delegation: DelegationView; readonly capabilities: readonly UnusedCapability[] }

type Anchor = readonly ['human' | 'agent' | 'delegation' | 'self', string | null | undefined];

export class ReadService {
  private readonly scope: ReadScope;
  private readonly lineageReader: LineageReader;
  private readonly lists: ListReader;
  private readonly inventories: InventoryReader;

  constructor(private readonly models: ReadModels, standing?: StandingLimits, private readonly clock: () => number = Date.now) {
    this.scope = new ReadScope(models.store);
    this.lineageReader = new LineageReader(models.store);
    this.lists = new ListReader(models.store);
    this.inventories = new InventoryReader(models.store, standing);
  }

  get position(): number {
    return this.models.position;
  }

  /** Why the read models stopped (they answer nothing then), or undefined while they run. */
  get stopped(): string | undefined {
    return this.models.broken?.message;
  }

  private async point(at: At): Promise<Result<Point>> {
    const r = await resolvePoint(this.models, at.asOf, at.atLeast, this.clock());
    return r.ok ? ok(r.point) : err(r.problem);
  }

  async principal(reader: ReaderIdentity, id: string, at: At): Promise<Result<PrincipalView | null>> {
    return this.one(at, (p) => this.scope.principal(reader, id, p.position), (p) => {
      const row = this.models.store.rowAt('principals', id, p.position);
      return row ? principalView(row) : null;
    }, reader, 'principal', id);
  }

  async agent(reader: ReaderIdentity, id: string, at: At): Promise<Result<AgentView | null>> {
    return this.one(at, (p) => this.scope.agent(reader, id, p.position), (p) => {
      const row = this.models.store.rowAt('agents', id, p.position);
      return row ? agentView(row) : null;
    }, reader, 'agent', id);
  }

  async delegation(reader: ReaderIdentity, id: string, at: At): Promise<Result<DelegationView | null>> {
    return this.one(at, (p) => this.scope.delegation(reader, id, p.position), (p) => {
      const row = this.models.store.rowAt('delegations', id, p.position);
      return row ? delegationView(row, p.now) : null;
    }, reader, 'delegation', id);
  }

  async credential(reader: ReaderIdentity, id: string, at: At): Promise<Result<CredentialView | null>> {
    return this.one(at, (p) => this.scope.credential(reader, id, p.position), (p) => {
      const row = this.models.store.rowAt('credentials', id, p.position);
      return row ? credentialView(row, p.now) : null;
    }, reader, 'credential', id);
  }

  async decision(reader: ReaderIdentity, position: number, at: At): Promise<Result<DecisionView | null>> {
    const point = await this.point(at);
    if (!point.ok) return point;
    const row = this.lists.decisionAt(position, point.value.position);
    if (row === undefined) return readsEverything(reader) ? ok(null) : forbidden(reader, 'decision', String(position));
    return this.scope.decision(reader, row, point.value.position) ? ok(decisionView(row)) : forbidden(reader, 'decision', String(position));
  }

  async lineage(reader: ReaderIdentity, of: LineageOf, at: At): Promise<Result<Lineage | null>> {
    const given = Object.entries(of).filter(([, v]) => v !== null && v !== undefined);
    if (given.length !== 1) return err(problem('input.invalid', 'lineage takes exactly one of decision, decisionAt, credential, delegation, agent', 'of'));
    const point = await this.point(at);
    if (!point.ok) return point;
    const { position: p, now } = point.value;
    const [kind, value] = given[0]! as [keyof LineageOf, string | number];
    if (kind === 'decision' || kind === 'decisionAt') {
      const row = kind === 'decision' ? this.lists.decisionByRequest(String(value), p) : this.lists.decisionAt(Number(value), p);
      if (row === undefined) return readsEverything(reader) ? ok(null) : forbidden(reader, 'decision', String(value));
      return this.scope.decision(reader, row, p) ? ok(this.lineageReader.ofDecision(row)) : forbidden(reader, 'decision', String(value));
    }
    const id = String(value);
    const allowed = kind === 'credential' ? this.scope.credential(reader, id, p) : kind === 'delegation' ? this.scope.delegation(reader, id, p) : this.scope.agent(reader, id, p);
    if (!allowed) return forbidden(reader, kind, id);
    const found = kind === 'credential' ? this.lineageReader.ofCredential(id, p, now) : kind === 'delegation' ? this.lineageReader.ofDelegation(id, p, now) : this.lineageReader.ofAgent(id, p, now);
    return ok(found ?? null);
  }

  async agentsUnder(reader: ReaderIdentity, human: string, at: At, args: PageArgs): Promise<Result<Connection<AgentUnder>>> {
    return this.list(reader, at, args, [['human', human]], (p, page) =>
      this.lists.agentsUnder(human, p.position, page).map(({ agent, paths }) => ({ agent: agentView(agent), paths })), (x) => x.agent.id);
  }

  principals(reader: ReaderIdentity, f: PrincipalFilter, at: At, args: PageArgs) {
    return this.list(reader, at, args, [['self', f.registeredBy]], (p, page) => this.lists.principals(f, p.position, page).map(principalView), (x) => x.id);
  }

  agents(reader: ReaderIdentity, f: AgentFilter, at: At, args: PageArgs) {
    return this.list(reader, at, args, [['human', f.owner], ['self', f.provisionedBy], ['agent', f.parent]], (p, page) => this.lists.agents(f, p.position, page).map(agentView), (x) => x.id);
  }

  delegations(reader: ReaderIdentity, f: DelegationFilter, at: At, args: PageArgs) {
    return this.list(reader, at, args, [['human', f.rootHuman], ['agent', f.delegatee], ['agent', f.delegator]], (p, page) => this.lists.delegations(f, p.position, page).map((r) => delegationView(r, p.now)), (x) => x.id);
  }

  credentials(reader: ReaderIdentity, f: CredentialFilter, at: At, args: PageArgs) {
    return this.list(reader, at, args, [['agent', f.agent], ['delegation', f.delegation]], (p, page) => this.lists.credentials(f, p.position, page).map((r) => credentialView(r, p.now)), (x) => x.id);
  }

  decisions(reader: ReaderIdentity, f: DecisionFilter, at: At, args: PageArgs) {
    return this.list(reader, at, args, [['agent', f.agent], ['human', f.human]], (p, page) => this.lists.decisions(f, p.position, page).map(decisionView), (x) => x.leafIndex);
  }

  orphaned(reader: ReaderIdentity, owner: string | null, at: At, args: PageArgs) {
    return this.list(reader, at, args, [['human', owner]], (p, page) => this.inventories.orphaned(p, owner, page).map(agentView), (x) => x.id);
  }

  dormant(reader: ReaderIdentity, days: number, owner: string | null, at: At, args: PageArgs): Promise<Result<Connection<DormantAgent>>> {
    return this.list(reader, at, args, [['human', owner]], (p, page) => this.inventories.dormant(p, days, owner, page).map((x) => ({ ...x, agent: agentView(x.agent) })), (x) => x.agent.id);
  }

  unreviewed(reader: ReaderIdentity, days: number, owner: string | null, at: At, args: PageArgs): Promise<Result<Connection<UnreviewedAgent>>> {
    return this.list(reader, at, args, [['human', owner]], (p, page) => this.inventories.unreviewed(p, days, owner, page).map((x) => ({ ...x, agent: agentView(x.agent) })), (x) => x.agent.id);
  }

  overScoped(reader: ReaderIdentity, days: number, owner: string | null, at: At, args: PageArgs): Promise<Result<Connection<OverScoped>>> {
    return this.list(reader, at, args, [['human', owner]], (p, page) => this.inventories.overScoped(p, days, owner, page).map((x) => ({ ...x, delegation: delegationView(x.delegation, p.now) })), (x) => x.delegation.id);
  }

  expiring(reader: ReaderIdentity, hours: number, owner: string | null, at: At, args: PageArgs): Promise<Result<Connection<WindowItem>>> {
    return this.list(reader, at, args, [['human', owner]], (p, page) => this.inventories.expiring(p, hours, owner, page), windowKey);
  }

  standing(reader: ReaderIdentity, owner: string | null, at: At, args: PageArgs): Promise<Result<Connection<WindowItem>>> {
    return this.list(reader, at, args, [['human', owner]], (p, page) => this.inventories.standing(p, owner, page), windowKey);
  }

  /** Anomalies of the behaviour rules (docs/behaviour.md), oldest first; outside admin/auditor name an agent or owner in scope. */
  anomalies(reader: ReaderIdentity, f: AnomalyFilter, at: At, args: PageArgs): Promise<Result<Connection<AnomalyView>>> {
    return this.list(reader, at, args, [['agent', f.agent], ['human', f.owner]], (p, page) => anomaliesAt(this.models.store, f, p, page).map(anomalyView), anomalyKey);
  }

  /**
   * Opens a feed: outside admin/auditor the filter must name an agent or a human in
   * scope. The same judgement, on the reader as the session knows it then, is made again
   * before every batch; the feed ends with the first refusal.
   */
  feed(session: FeedSession, kind: 'events' | 'decisions' | 'anomalies', filter: FeedFilter, after: number | null | undefined): Result<AsyncIterableIterator<EventRow | DecisionRow | AnomalyRow>> {
    if (after != null && (!Number.isSafeInteger(after) || after < -1)) return err(problem('input.invalid', 'after must be a position (or -1 for the whole log)', 'after'));
    const p = this.models.position;
    const refusal = this.feedRefusal(session, filter, p);
    if (refusal !== undefined) return err(refusal);
    const guard: FeedGuard = { refused: (position) => this.feedRefusal(session, filter, position), until: session.until };
    const start = after ?? p;
    const feeds = { events: eventFeed, decisions: decisionFeed, anomalies: anomalyFeed } as const;
    return ok(abortable<EventRow | DecisionRow | AnomalyRow>((signal) => feeds[kind](this.models, start, filter, guard, signal)));
  }

  private feedRefusal(session: FeedSession, filter: FeedFilter, p: number): Problem | undefined {
    const reader = session.current();
    if (!reader.ok) return reader.problems[0];
    if (readsEverything(reader.value) || this.anchored(reader.value, ['agent', filter.agent], p) || this.anchored(reader.value, ['human', filter.human], p)) return undefined;
    return forbiddenProblem(reader.value, filter.agent != null ? 'agent' : filter.human != null ? 'human' : 'feed', filter.agent ?? filter.human ?? '', 'filter by an agent or a human under your authority');
  }

  private async one<T>(at: At, allowed: (p: Point) => boolean, read: (p: Point) => T, reader: ReaderIdentity, kind: string, id: string): Promise<Result<T>> {
    const point = await this.point(at);
    if (!point.ok) return point;
    return allowed(point.value) ? ok(read(point.value)) : forbidden(reader, kind, id);
  }

  /**
   * A list outside the admin and auditor roles must be anchored on something the reader
   * may read (their own id as owner, an agent of theirs, ...); otherwise it is refused.
   */
  private async list<T>(reader: ReaderIdentity, at: At, args: PageArgs, anchors: readonly Anchor[], fetch: (p: Point, page: Page) => T[], key: (item: T) => string | number): Promise<Result<Connection<T>>> {
    const page = pageOf(args);
    if (!page.ok) return err(page.problem);
    const point = await this.point(at);
    if (!point.ok) return point;
    if (!readsEverything(reader) && !anchors.some((a) => this.anchored(reader, a, point.value.position))) {
      const named = anchors.find(([, v]) => v != null);
      return forbidden(reader, named?.[0] ?? 'list', named?.[1] ?? '', 'name a principal, agent or delegation under your authority in the filter');
    }
    return ok(connectionOf(fetch(point.value, page.page), page.page.limit, key));
  }

  private anchored(reader: ReaderIdentity, [kind, id]: Anchor, p: number): boolean {
    if (id === null || id === undefined) return false;
    switch (kind) {
      case 'self':
        return id === reader.id;
      case 'human':
        return this.scope.human(reader, id, p);
      case 'agent':
        return this.scope.agent(reader, id, p);
      case 'delegation':
        return this.scope.delegation(reader, id, p);
    }
  }
}

function forbidden(reader: ReaderIdentity, kind: string, id: string, hint?: string): Result<never> {
  return err(forbiddenProblem(reader, kind, id, hint));
}

function forbiddenProblem(reader: ReaderIdentity, kind: string, id: string, hint?: string): Problem {
  return problem('auth.forbidden', `${reader.id} may not read ${kind} ${id}${hint ? `: ${hint}` : ''}`.trim(), '', { principal: reader.id, subject: { kind, id } });
}
