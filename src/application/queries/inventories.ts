// The auditors' inventories, at a point: orphaned, dormant, over-scoped, unreviewed,
// expiring and standing authority. Each walks rows valid at the point in id order and
// stops after one page, so a page costs what it returns plus what it skips.
import { formatInstant } from '../../domain';
import type { ProjectionStore } from '../projections/projection-store';
import type { AgentRow, DelegationRow } from '../projections/rows';
import type { Page } from './pagination';
import type { Point } from './point';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface StandingLimits {
  /** A delegation window longer than this is standing authority. */
  readonly delegationMs: number;
  /** A credential window longer than this is standing authority. */
  readonly credentialMs: number;
}

export const DEFAULT_STANDING: StandingLimits = { delegationMs: 90 * DAY, credentialMs: HOUR };

export interface UnusedCapability {
  readonly index: number;
  readonly resource: string;
  /** True when nothing was done under this capability in the window. */
  readonly unused: boolean;
  readonly unusedActions: readonly string[];
  readonly usedActions: readonly string[];
}

export interface WindowItem {
  readonly kind: 'delegation' | 'credential';
  readonly id: string;
  readonly holderId: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

const valid = (alias = '') => `${alias}vf <= @p AND ${alias}vt > @p`;

export class InventoryReader {
  constructor(private readonly store: ProjectionStore, private readonly standingLimits: StandingLimits = DEFAULT_STANDING) {}

  orphaned(at: Point, owner: string | null, page: Page): AgentRow[] {
    return this.store.db
      .prepare(
        `SELECT a.* FROM principals h CROSS JOIN agents a
         WHERE h.status = 'deactivated' AND h.vf <= @p AND h.vt > @p AND (@owner IS NULL OR h.id = @owner)
           AND a.owner_id = h.id AND ${valid('a.')} AND a.lifecycle != 'deprovisioned' AND a.id > @after
         ORDER BY a.id LIMIT @n`,
      )
      .all({ p: at.position, owner, after: afterId(page), n: page.limit + 1 }) as AgentRow[];
  }

  /**
   * Agents (not deprovisioned) idle for the last `days`: idleness runs from the last
   * decision or, for an agent that never acted (lastDecisionAt null), from its
   * provisioning. So an agent provisioned 40 days ago that never acted is dormant(30),
   * and one provisioned 5 days ago is not, acted or not: it has not been idle that long.
   */
  dormant(at: Point, days: number, owner: string | null, page: Page): { agent: AgentRow; lastDecisionAt: string | null }[] {
    const cutoff = at.now - days * DAY;
    const from = this.store.positionAtTime(cutoff);
    const rows = this.store.db
      .prepare(
        `SELECT a.* FROM agents a
         WHERE ${valid('a.')} AND a.lifecycle != 'deprovisioned' AND a.provisioned_at <= @cutoff AND a.id > @after AND (@owner IS NULL OR a.owner_id = @owner)
           AND NOT EXISTS (SELECT 1 FROM events d WHERE d.agent_id = a.id AND d.chain_id IS NOT NULL AND d.position > @from AND d.position <= @p)
         ORDER BY a.id LIMIT @n`,
      )
      .all({ p: at.position, cutoff, from, owner, after: afterId(page), n: page.limit + 1 }) as AgentRow[];
    const last = this.store.db.prepare('SELECT recorded_at FROM events WHERE agent_id = ? AND chain_id IS NOT NULL AND position <= ? ORDER BY position DESC LIMIT 1').pluck();
    return rows.map((agent) => {
      const t = last.get(agent.id, at.position) as number | undefined;
      return { agent, lastDecisionAt: t === undefined ? null : formatInstant(t) };
    });
  }

  /** Agents never reviewed, not reviewed in `days`, or whose model changed since the last review. */
  unreviewed(at: Point, days: number, owner: string | null, page: Page): { agent: AgentRow; reason: string }[] {
    const cutoff = at.now - days * DAY;
    const rows = this.store.db
      .prepare(
        `SELECT * FROM agents WHERE ${valid()} AND lifecycle != 'deprovisioned' AND id > @after AND (@owner IS NULL OR owner_id = @owner)
           AND (needs_review = 1 OR last_reviewed_at IS NULL OR last_reviewed_at < @cutoff)
         ORDER BY id LIMIT @n`,
      )
      .all({ p: at.position, cutoff, owner, after: afterId(page), n: page.limit + 1 }) as AgentRow[];
    return rows.map((agent) => ({ agent, reason: agent.needs_review ? 'model_changed' : agent.last_reviewed_at === null ? 'never' : 'stale' }));
  }

  /**
   * Live delegations with capabilities or actions that no
   * allowed decision used in the last `days`, naming the unused parts.
   */
  overScoped(at: Point, days: number, owner: string | null, page: Page): { delegation: DelegationRow; capabilities: UnusedCapability[] }[] {
    const cutoff = at.now - days * DAY;
    const from = this.store.positionAtTime(cutoff);
    const candidates = this.store.db
      .prepare(
        `SELECT * FROM delegations WHERE ${valid()} AND status = 'active' AND not_after > @now
           AND id > @after AND (@owner IS NULL OR root_human_id = @owner) ORDER BY id`,
      )
      .iterate({ p: at.position, now: at.now, owner, after: afterId(page) }) as IterableIterator<DelegationRow>;
    // The chains through the delegation, then the allowed decisions citing them in the window.
    const usage = this.store.db.prepare(
      `SELECT DISTINCT h.capability, d.action FROM chain_hops h JOIN events d ON d.chain_id = h.chain_id
       WHERE h.delegation_id = ? AND d.outcome = 'allowed' AND d.position > ? AND d.position <= ?`,
    );
    const out: { delegation: DelegationRow; capabilities: UnusedCapability[] }[] = [];
    for (const delegation of candidates) {
      const used = usage.all(delegation.id, from, at.position) as { capability: number; action: string }[];
      const capabilities = unusedParts(delegation, used);
      if (capabilities.length > 0) out.push({ delegation, capabilities });
      if (out.length > page.limit) break;
    }
    return out;
  }

  /** Live delegations and credentials whose window ends within `hours`. */
  expiring(at: Point, hours: number, owner: string | null, page: Page): WindowItem[] {
    return this.windows(
      `d.status = 'active' AND d.not_after > @now AND d.not_after <= @until`,
      `c.status = 'active' AND c.expires_at > @now AND c.expires_at <= @until`,
      { until: at.now + hours * HOUR }, at, owner, page,
    );
  }

  /** Live delegations and credentials whose window is longer than the configured maximum. */
  standing(at: Point, owner: string | null, page: Page): WindowItem[] {
    return this.windows(
      `d.status = 'active' AND d.not_after > @now AND d.not_after - d.not_before > @maxD`,
      `c.status = 'active' AND c.expires_at > @now AND c.expires_at - c.issued_at > @maxC`,
      { maxD: this.standingLimits.delegationMs, maxC: this.standingLimits.credentialMs }, at, owner, page,
    );
  }

  // Credentials sort before delegations (kind, then id): each kind is read in id order
  // and stops at the page's end, instead of sorting everything that matches.
  private windows(delegations: string, credentials: string, extra: Record<string, number>, at: Point, owner: string | null, page: Page): WindowItem[] {
    const after = afterId(page);
    const [afterKind, afterKey] = after === '' ? ['', ''] : [after.split('\u0000')[0]!, after.split('\u0000')[1] ?? ''];
    const params = { p: at.position, now: at.now, owner, n: page.limit + 1, ...extra };
    type Found = { kind: WindowItem['kind']; id: string; holder: string; starts: number; ends: number };
    const out: Found[] = [];
    if (afterKind !== 'delegation') {
      out.push(...(this.store.db
        .prepare(
          `SELECT 'credential' AS kind, c.id AS id, c.agent_id AS holder, c.issued_at AS starts, c.expires_at AS ends FROM credentials c
           WHERE ${valid('c.')} AND ${credentials} AND c.id > @after
             AND (@owner IS NULL OR EXISTS (SELECT 1 FROM agents a WHERE a.id = c.agent_id AND a.owner_id = @owner AND ${valid('a.')}))
           ORDER BY c.id LIMIT @n`,
        )
        .all({ ...params, after: afterKey }) as Found[]));
    }
    if (out.length <= page.limit) {
      out.push(...(this.store.db
        .prepare(
          `SELECT 'delegation' AS kind, d.id AS id, d.delegatee_id AS holder, d.not_before AS starts, d.not_after AS ends FROM delegations d
           WHERE ${valid('d.')} AND ${delegations} AND d.id > @after AND (@owner IS NULL OR d.root_human_id = @owner)
           ORDER BY d.id LIMIT @n`,
        )
        .all({ ...params, after: afterKind === 'delegation' ? afterKey : '', n: page.limit + 1 - out.length }) as Found[]));
    }
    return out.map((r) => ({ kind: r.kind, id: r.id, holderId: r.holder, startsAt: formatInstant(r.starts), endsAt: formatInstant(r.ends) }));
  }
}

export const windowKey = (w: WindowItem) => `${w.kind}\u0000${w.id}`;

function afterId(page: Page): string {
  return page.after === undefined ? '' : String(page.after);
}

function unusedParts(d: DelegationRow, used: readonly { capability: number; action: string }[]): UnusedCapability[] {
  const caps = JSON.parse(d.capabilities) as { resource: string; actions: string[] }[];
  const out: UnusedCapability[] = [];
  caps.forEach((cap, index) => {
    const usedActions = new Set(used.filter((u) => u.capability === index).map((u) => u.action));
    const unusedActions = cap.actions.filter((a) => !usedActions.has(a) && !(a === '*' && usedActions.size > 0));
    if (unusedActions.length === 0) return;
    out.push({ index, resource: cap.resource, unused: usedActions.size === 0, unusedActions, usedActions: [...usedActions].sort() });
  });
  return out;
}
