// Read models are bound to the log they follow: the ledger id and the hash of the last
// event they applied. A file that follows another ledger, that applied positions the log
// does not hold (a store restored from an older backup), or whose last event is not the
// log's event at that position, would answer with events that are not in the log; it is
// rebuilt from the log instead (at start), or stops answering (on a catch-up).
import type { RecordedEvent } from '../../domain';

/** The log a read-model file follows: its ledger and the last event it applied. */
export interface ReadModelBinding {
  /** Undefined until the file applied an event. */
  readonly ledgerId: string | undefined;
  /** -1 before genesis. */
  readonly position: number;
  readonly hash: string | undefined;
}

/** The log as the binding check sees it. */
export interface BindingLog {
  readonly ledgerId: string;
  size(): number;
  /** The hash of the event at `position`, if the log holds one. */
  hashAt(position: number): Promise<string | undefined>;
}

/** Why read models bound as `bound` must not be served over `log`; undefined when they may. */
export async function divergence(bound: ReadModelBinding, log: BindingLog): Promise<string | undefined> {
  if (bound.ledgerId !== undefined && bound.ledgerId !== log.ledgerId) {
    return `they follow ledger ${bound.ledgerId}, and this is ledger ${log.ledgerId}`;
  }
  if (bound.position < 0) return undefined;
  if (bound.position >= log.size()) {
    return `they applied events up to position ${bound.position}, and the log ends at ${log.size() - 1} (a store restored from an older copy?)`;
  }
  return lastAppliedDiffers(bound, await log.hashAt(bound.position));
}

/** The same check on the log's event at the last applied position (a catch-up reads it anyway). */
export function lastAppliedDiffers(bound: ReadModelBinding, atPosition: RecordedEvent | string | undefined): string | undefined {
  const hash = typeof atPosition === 'string' || atPosition === undefined ? atPosition : atPosition.hash;
  if (hash === undefined) return `they applied events up to position ${bound.position}, and the log ends before it`;
  if (hash !== bound.hash) return `the event they applied at position ${bound.position} is not the log's event there`;
  return undefined;
}
