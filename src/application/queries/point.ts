// "As of": a global position (the state after the event at it) and the time it stands
// for. Times map to positions through the recordedAt index of the events table.
import { problem, type Problem } from '../../errors/problem';
import type { ReadModels } from '../projections/read-models';

export interface AsOf {
  readonly position?: number | null | undefined;
  /** RFC 3339. */
  readonly time?: string | null | undefined;
}

export interface Point {
  /** Rows valid at this position are the answer (-1: before genesis). */
  readonly position: number;
  /** Epoch ms that "now" means for windows and inventories. */
  readonly now: number;
}

export type PointResult = { ok: true; point: Point } | { ok: false; problem: Problem };

/**
 * Waits (bounded) until the read models have applied `atLeast` and any asked position,
 * then names the point. A position beyond what the ledger will reach in time is
 * `read_model.behind`, not an empty answer.
 */
export async function resolvePoint(models: ReadModels, asOf: AsOf | null | undefined, atLeast: number | null | undefined, wallNow: number): Promise<PointResult> {
  const bad = checkAsOf(asOf, atLeast);
  if (bad) return { ok: false, problem: bad };
  const stopped = () => ({ ok: false as const, problem: problem('read_model.unavailable', `the read models stopped: ${models.broken?.message}`) });
  if (models.broken) return stopped();
  const needed = Math.max(atLeast ?? -1, asOf?.position ?? -1);
  if (needed > models.position && !(await models.waitFor(needed))) {
    if (models.broken) return stopped();
    return { ok: false, problem: problem('read_model.behind', `the read models have applied position ${models.position}, not yet ${needed}; retry shortly`, atLeast != null ? 'atLeast' : 'asOf.position', { applied: models.position, needed }) };
  }
  const store = models.store;
  if (asOf?.position != null) return { ok: true, point: { position: asOf.position, now: store.timeAt(asOf.position) ?? wallNow } };
  if (asOf?.time != null) {
    const ms = Date.parse(asOf.time);
    return { ok: true, point: { position: store.positionAtTime(ms), now: ms } };
  }
  return { ok: true, point: { position: models.position, now: wallNow } };
}

function checkAsOf(asOf: AsOf | null | undefined, atLeast: number | null | undefined): Problem | undefined {
  if (atLeast != null && (!Number.isSafeInteger(atLeast) || atLeast < 0)) return problem('input.invalid', 'atLeast must be a position (>= 0)', 'atLeast');
  if (asOf == null) return undefined;
  if (asOf.position != null && asOf.time != null) return problem('input.invalid', 'asOf takes a position or a time, not both', 'asOf');
  if (asOf.position != null && (!Number.isSafeInteger(asOf.position) || asOf.position < 0)) return problem('input.invalid', 'asOf.position must be >= 0', 'asOf.position');
  if (asOf.time != null && !Number.isFinite(Date.parse(asOf.time))) return problem('input.invalid', 'asOf.time must be an RFC 3339 time', 'asOf.time');
  return undefined;
}
