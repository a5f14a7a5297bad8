// The anomalies inventory and feed (issue 21), read from the rows the projection writes
// as it folds decisions through the domain's behaviour rules. Anomalies never change, so
// "as of" P is the anomalies of decisions at or before P.
import { formatInstant } from '../../domain';
import type { AnomalyRow } from '../projections/behaviour-rows';
import type { ProjectionStore } from '../projections/projection-store';
import type { Page } from './pagination';
import type { Point } from './point';

/** Anomalies per decision are few (one per rule and severity): a cursor packs (position, seq). */
const SEQ = 16;
export const anomalyKey = (a: { readonly position: number; readonly seq: number }) => a.position * SEQ + a.seq;

export interface AnomalyView {
  readonly position: number;
  readonly seq: number;
  readonly agentId: string;
  readonly ownerId: string | null;
  readonly rule: string;
  readonly severity: string;
  readonly value: number;
  readonly baseline: number;
  readonly threshold: number;
  readonly subject: string | null;
  readonly positions: readonly number[];
  readonly recordedAt: string;
}

export const anomalyView = (r: AnomalyRow): AnomalyView => ({
  position: r.position, seq: r.seq, agentId: r.agent_id, ownerId: r.owner_id, rule: r.rule, severity: r.severity, value: r.value,
  baseline: r.baseline, threshold: r.threshold, subject: r.subject, positions: JSON.parse(r.positions) as number[], recordedAt: formatInstant(r.recorded_at),
});

export interface AnomalyFilter {
  readonly agent?: string | null;
  readonly owner?: string | null;
  /** Epoch ms: only anomalies recorded at or after it. */
  readonly since?: number | null;
}

export function anomaliesAt(store: ProjectionStore, f: AnomalyFilter, at: Point, page: Page): AnomalyRow[] {
  const after = typeof page.after === 'number' ? page.after : -1;
  return store.db
    .prepare(
      `SELECT * FROM anomalies WHERE position <= @p AND position * ${SEQ} + seq > @after
         AND (@agent IS NULL OR agent_id = @agent) AND (@owner IS NULL OR owner_id = @owner) AND (@since IS NULL OR recorded_at >= @since)
       ORDER BY position, seq LIMIT @n`,
    )
    .all({ p: at.position, after, agent: f.agent ?? null, owner: f.owner ?? null, since: f.since ?? null, n: page.limit + 1 }) as AnomalyRow[];
}

/**
 * One page of the feed between two positions. Rows of one decision are never split
 * across pages: a full page ends before its last decision's rows, which the next page
 * (after the previous position) starts with.
 */
export function anomalyPage(store: ProjectionStore, f: AnomalyFilter, from: number, to: number, size: number): { rows: AnomalyRow[]; full: boolean } {
  const rows = store.db
    .prepare(
      `SELECT * FROM anomalies WHERE position > @from AND position <= @to AND (@agent IS NULL OR agent_id = @agent) AND (@owner IS NULL OR owner_id = @owner)
       ORDER BY position, seq LIMIT @n`,
    )
    .all({ from, to, agent: f.agent ?? null, owner: f.owner ?? null, n: size }) as AnomalyRow[];
  if (rows.length < size) return { rows, full: false };
  const last = rows.at(-1)!.position;
  const whole = rows.filter((r) => r.position !== last);
  return { rows: whole.length > 0 ? whole : rows, full: true };
}
