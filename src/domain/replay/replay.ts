// Folding a whole ledger, in global order, into its state: what the verifier, the
// `writ replay` command and the service's start-up all do.
import type { Problem } from '../../errors/problem';
import { evolve } from '../evolve';
import type { RecordedEvent } from '../shared/events';
import { emptyLedgerState, viewOf, type LedgerState } from '../state/ledger-state';
import type { LedgerView } from '../state/view';
import { validate } from './validate';

/** Folds trusted events (the service's own store) without re-deciding them. */
export function replay(events: Iterable<RecordedEvent>, state: LedgerState = emptyLedgerState()): LedgerState {
  for (const event of events) evolve(state, event);
  return state;
}

export interface ReplayFailure {
  readonly position: number;
  readonly problems: readonly Problem[];
}

export interface CheckedReplay {
  readonly state: LedgerState;
  /** The first event that does not validate; the state is the one just before it. */
  readonly failure?: ReplayFailure;
}

/**
 * Validates each event against the state before it, then folds it; stops at the first
 * invalid one. `signerKeyOf` gives the key the event's signature was verified with.
 */
export function replayValidated(
  events: Iterable<RecordedEvent>,
  signerKeyOf: (event: RecordedEvent, view: LedgerView) => string,
  state: LedgerState = emptyLedgerState(),
): CheckedReplay {
  const view = viewOf(state);
  for (const event of events) {
    const checked = validate(view, event, signerKeyOf(event, view));
    if (!checked.ok) return { state, failure: { position: event.position, problems: checked.problems } };
    evolve(state, event);
  }
  return { state };
}
