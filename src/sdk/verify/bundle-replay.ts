// Replaying a bundle's events into a partial state with the domain's own code: each
// statement's signature under the key its actor held at that point (as the bundled
// events registered and rotated it), then evolve. The decision is re-decided with
// `decide` on the partial state just before it, and its recorded result compared.
// A partial state has no earlier decisions, so rate counters start empty: a recorded
// `condition.rate_exceeded` denial is accepted when everything before the rate step
// re-derives the same (the same chain, judged by the same capabilities).
import { joinPath, ok, problem, type Problem, type Result } from '../../errors/problem';
import { decide } from '../../domain/decide';
import { evolve } from '../../domain/evolve';
import { sameJson } from '../../domain/replay/same-json';
import { recordedFromEnvelope } from '../../domain/shared/events';
import { emptyLedgerState, viewOf, type LedgerState } from '../../domain/state/ledger-state';
import { signerPublicKeyFor } from '../../domain/decide';
import { nobleVerifier } from '../../integrity/ed25519';
import { encodeStatement, verifyStatementSignature } from '../../integrity/statement';
import type { CheckedEvent } from './bundle-events';
import { refuse } from './refuse';

export type Rederived = 'exact' | 'except_rate';

export interface Replayed {
  /** The partial state after every bundled event (as of the checkpoint). */
  readonly state: LedgerState;
  /** How the decision re-derived, when the subject is one. */
  readonly rederived?: Rederived;
}

/** `decisionAt`: the subject decision's position, if the subject is a decision. */
export function replayBundle(events: readonly CheckedEvent[], decisionAt: number | undefined): Result<Replayed> {
  const state = emptyLedgerState();
  const view = viewOf(state);
  let rederived: Rederived | undefined;
  for (const event of events) {
    const { envelope, path } = event;
    const key = signerPublicKeyFor(view, envelope.statement);
    if (key === undefined) {
      const message = `no key of ${envelope.statement.actor} is known at position ${event.position}: the bundle lacks the events that registered it`;
      return fail(problem('bundle.incomplete', message, joinPath(path, 'envelope'), { actor: envelope.statement.actor }));
    }
    if (!verifyStatementSignature(nobleVerifier, key, encodeStatement(envelope.statement), envelope.signature)) {
      const message = `the statement is not signed with the key ${envelope.statement.actor} held at position ${event.position}`;
      return fail(problem('statement.bad_signature', message, joinPath(path, 'envelope')));
    }
    const recorded = recordedFromEnvelope(envelope, event.position);
    if (event.position === decisionAt) {
      const again = rederive(state, recorded, path);
      if (!again.ok) return again;
      rederived = again.value;
    }
    try {
      evolve(state, recorded);
    } catch (error) {
      return fail(problem('bundle.incomplete', `the event cannot be folded from the bundle alone: ${(error as Error).message}`, path));
    }
  }
  return ok(rederived === undefined ? { state } : { state, rederived });
}

const fail = (p: Problem) => refuse([p]);

function rederive(state: LedgerState, recorded: ReturnType<typeof recordedFromEnvelope>, path: string): Result<Rederived> {
  const decided = decide(viewOf(state), { statement: recorded.statement, recordedAt: recorded.recordedAt });
  if (!decided.ok) {
    const first = decided.problems[0];
    return fail(problem('bundle.decision_mismatch', `the rules refuse the decision's statement on the bundled events: ${first.code}: ${first.message}`, path, { cause: first.code }));
  }
  const expected = decided.value;
  if (expected.type === recorded.type && expected.stream === recorded.stream && sameJson(expected.result ?? null, recorded.result ?? null)) return ok('exact');
  if (rateDenial(recorded.result) && sameChain(expected.result, recorded.result) && expected.stream === recorded.stream) return ok('except_rate');
  const derived = (expected.result as { decision?: string; reason?: string } | undefined) ?? {};
  const message = `recorded as ${recorded.type}, the rules give ${expected.type}${derived.reason === undefined ? '' : ` (${derived.reason})`} on the bundled events`;
  return fail(problem('bundle.decision_mismatch', message, path, { derived: expected.result ?? null }));
}

const rateDenial = (result: unknown): boolean => (result as { reason?: unknown } | undefined)?.reason === 'condition.rate_exceeded';

/** The same hops judged by the same capabilities: only the rate step could tell them apart. */
function sameChain(derived: unknown, recorded: unknown): boolean {
  const d = derived as { decision?: unknown; chain?: unknown } | undefined;
  return (d?.decision === 'allowed' || d?.decision === 'approval_required') && sameJson(d.chain, (recorded as { chain?: unknown }).chain);
}
