// The shape every statement type's rules take: parse the body (reporting every bad
// field), then decide against the view. Evolvers fold the recorded event back in.
import type { Result } from '../../errors/problem';
import type { Ed25519Verifier } from '../../integrity/ed25519';
import type { Statement } from '../../integrity/statement/statement.types';
import type { Actor } from '../authority/actor';
import type { LedgerPolicy } from '../state/aggregates';
import type { LedgerState } from '../state/ledger-state';
import type { LedgerView } from '../state/view';
import type { NewEvent, RecordedEvent } from './events';

export interface DecideContext<B> {
  readonly view: LedgerView;
  readonly statement: Statement;
  readonly body: B;
  readonly actor: Actor;
  /** Ledger time of the decision (the event's recordedAt), epoch ms. */
  readonly now: number;
  readonly recordedAt: string;
  readonly policy: LedgerPolicy;
  /** Checks signatures a body carries (an AuthZEN request's credential token). */
  readonly verifier: Ed25519Verifier;
}

export interface StatementHandler<B> {
  readonly parse: (body: unknown) => Result<B>;
  readonly decide: (ctx: DecideContext<B>) => Result<NewEvent>;
}

/** Folds one recorded event into the container; trusts the event (validate first). */
export type Evolver = (state: LedgerState, event: RecordedEvent) => void;

/** Declares a handler with its body type inferred from the parser. */
export const handler = <B>(h: StatementHandler<B>): StatementHandler<B> => h;
