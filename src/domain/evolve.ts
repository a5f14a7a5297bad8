// The one entry point for folding a recorded event into the ledger state.
import { actionEvolvers } from './action/action.evolve';
import { agentEvolvers } from './agent/agent.evolve';
import { containmentEvolvers, observeDecision } from './behaviour/containment';
import type { EventType } from './catalogue';
import { credentialEvolvers } from './credential/credential.evolve';
import { delegationEvolvers } from './delegation/delegation.evolve';
import { ledgerEvolvers } from './ledger/ledger.evolve';
import { principalEvolvers } from './principal/principal.evolve';
import type { RecordedEvent } from './shared/events';
import type { Evolver } from './shared/handler';
import type { LedgerState } from './state/ledger-state';

const EVOLVERS: Readonly<Record<EventType, Evolver>> = {
  ...ledgerEvolvers,
  ...principalEvolvers,
  ...agentEvolvers,
  ...delegationEvolvers,
  ...credentialEvolvers,
  ...actionEvolvers,
  ...containmentEvolvers,
};

/**
 * evolve(state, event) -> the next state. The container is updated in place and
 * returned (see ledger-state.ts); apply only events that validate (or that the ledger
 * itself decided), in global order.
 */
export function evolve(state: LedgerState, event: RecordedEvent): LedgerState {
  const evolver = (EVOLVERS as Readonly<Record<string, Evolver>>)[event.type];
  if (evolver !== undefined) evolver(state, event);
  // Every decision feeds its agent's baseline, so that a ledger suspension for an
  // anomaly is checked against what the decisions on record make fire.
  observeDecision(state, event);
  state.nonces.remember(event.statement.actor, event.statement.nonce, event.position);
  state.size = event.position + 1;
  return state;
}
