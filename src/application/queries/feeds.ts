// The live event and decision feeds, read from the read models: every event after a
// position, in order, filtered, then each new batch as it is applied. Resuming after
// the last position seen gives neither gaps nor duplicates, because the feed is the
// projection's own ordered table rather than a broadcast.
//
// A feed outlives the moment it was authorized, so it is authorized again before every
// batch it delivers (and when the reader's token runs out, even if nothing is appended):
// a reader deactivated, stripped of the role that let it read, or past its token's
// window receives nothing more and the feed ends with the refusal's code.
import type { Problem } from '../../errors/problem';
import { DECISION_ROWS, EVENT_ROWS } from '../projections/projection-schema';
import type { ReadModels } from '../projections/read-models';
import type { DecisionRow, EventRow } from '../projections/rows';
import type { AnomalyRow } from '../projections/behaviour-rows';
import { anomalyPage } from './anomalies';

export interface FeedFilter {
  readonly agent?: string | null;
  readonly human?: string | null;
  readonly types?: readonly string[] | null;
  readonly outcome?: string | null;
}

const PAGE = 500;

/** Asked before each batch: may the reader still follow the feed at this position? */
export interface FeedGuard {
  /** Why the reader may no longer follow the feed up to `position`, if so. */
  refused(position: number): Problem | undefined;
  /** When to ask again though nothing was appended (ms since the epoch): the token's end. */
  readonly until: number;
}

/** Ends a feed: its reader lost the right to it. */
export class FeedEnded extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
    this.name = 'FeedEnded';
  }
}

function whereOf(f: FeedFilter, params: unknown[]): string {
  const clauses: string[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    clauses.push(clause);
    params.push(...values);
  };
  if (f.agent != null) add('agent_id = ?', f.agent);
  if (f.human != null) add('human_id = ?', f.human);
  if (f.outcome != null) add('outcome = ?', f.outcome);
  if (f.types != null && f.types.length > 0) add(`type IN (${f.types.map(() => '?').join(', ')})`, ...f.types);
  return clauses.map((c) => ` AND ${c}`).join('');
}

/** Events after `after` (a position already seen; -1 for the whole log), then live. */
export function eventFeed(models: ReadModels, after: number, filter: FeedFilter, guard: FeedGuard, signal: AbortSignal): AsyncGenerator<EventRow> {
  return follow(models, after, guard, signal, (from, to) => {
    const params: unknown[] = [from, to];
    const where = whereOf(filter, params);
    return models.store.db.prepare(`${EVENT_ROWS} WHERE position > ? AND position <= ?${where} ORDER BY position LIMIT ${PAGE}`).all(...params) as EventRow[];
  });
}

/** Decisions after `after`, then live; `human` is the agent's owner when it was decided. */
export function decisionFeed(models: ReadModels, after: number, filter: FeedFilter, guard: FeedGuard, signal: AbortSignal): AsyncGenerator<DecisionRow> {
  return follow(models, after, guard, signal, (from, to) => {
    const params: unknown[] = [from, to];
    const clauses: string[] = [];
    if (filter.agent != null) (clauses.push('e.agent_id = ?'), params.push(filter.agent));
    if (filter.human != null) (clauses.push('e.human_id = ?'), params.push(filter.human));
    if (filter.outcome != null) (clauses.push('e.outcome = ?'), params.push(filter.outcome));
    const where = clauses.map((c) => ` AND ${c}`).join('');
    return models.store.db.prepare(`${DECISION_ROWS} AND e.position > ? AND e.position <= ?${where} ORDER BY e.position LIMIT ${PAGE}`).all(...params) as DecisionRow[];
  });
}

/** Anomalies after `after`, then live (`human` is the agent's owner when the anomaly fired). */
export function anomalyFeed(models: ReadModels, after: number, filter: FeedFilter, guard: FeedGuard, signal: AbortSignal): AsyncGenerator<AnomalyRow> {
  let full = false;
  return follow(models, after, guard, signal, (from, to) => {
    const page = anomalyPage(models.store, { agent: filter.agent ?? null, owner: filter.human ?? null }, from, to, PAGE);
    full = page.full;
    return page.rows;
  }, () => full);
}

async function* follow<T extends { position: number }>(
  models: ReadModels,
  after: number,
  guard: FeedGuard,
  signal: AbortSignal,
  page: (from: number, to: number) => T[],
  // Whether the page stopped short of `to` (more rows wait before it).
  more: (rows: readonly T[]) => boolean = (rows) => rows.length === PAGE,
): AsyncGenerator<T> {
  let seen = after;
  while (!signal.aborted) {
    const to = models.position;
    // Every row of the page lies at or before `to`, and the guard judges the reader at
    // `to` or later: nothing recorded after the reader lost its right is delivered.
    const refusal = guard.refused(to);
    if (refusal !== undefined) throw new FeedEnded(refusal);
    const rows = page(seen, to);
    for (const row of rows) {
      if (signal.aborted) return;
      seen = row.position;
      yield row;
    }
    if (more(rows)) continue;
    seen = Math.max(seen, to);
    if (models.position <= seen) await advanced(models, seen, signal, guard.until);
  }
}

/** Resolves once the read models pass `seen`, the feed is stopped, or `until` is reached. */
function advanced(models: ReadModels, seen: number, signal: AbortSignal, until: number): Promise<void> {
  return new Promise((resolve) => {
    const stop = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      stop.abort();
      resolve();
    };
    if (signal.aborted) return done();
    const wait = until - Date.now();
    // setTimeout fires at once past 2^31 - 1 ms; a window that long needs no timer.
    if (wait < 2 ** 31 - 1) timer = setTimeout(done, Math.max(0, wait));
    signal.addEventListener('abort', done, { once: true, signal: stop.signal });
    models.onAdvance(() => {
      if (models.position > seen) done();
    }, stop.signal);
  });
}

/**
 * Wraps a feed so that unsubscribing (return) stops it at once, even while it waits
 * for the next batch.
 */
export function abortable<T>(make: (signal: AbortSignal) => AsyncGenerator<T>): AsyncIterableIterator<T> {
  const controller = new AbortController();
  const inner = make(controller.signal);
  const iterator: AsyncIterableIterator<T> = {
    next: () => inner.next(),
    return: async (value?: unknown) => {
      controller.abort();
      return { done: true, value: value as T };
    },
    throw: async (error?: unknown) => {
      controller.abort();
      throw error;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
