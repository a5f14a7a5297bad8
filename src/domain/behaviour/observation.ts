// A recorded decision as the behaviour rules see it, read through decisionRequestOf so an
// agent's own request and an enforcer's AuthZEN evaluation count alike.
import { decisionRequestOf } from '../action/decision-request';
import type { RecordedEvent } from '../shared/events';
import type { DecisionObservation } from './behaviour.rules';

const DECISIONS: ReadonlySet<string> = new Set(['action.authorized', 'action.denied', 'approval.requested']);

/** The observation of a decision event; undefined for any other event. */
export function decisionObservation(event: RecordedEvent): DecisionObservation | undefined {
  if (!DECISIONS.has(event.type)) return undefined;
  const request = decisionRequestOf(event);
  if (request === undefined) return undefined;
  const chain = (event.result as { chain?: readonly { kind?: unknown }[] } | undefined)?.chain ?? [];
  let depth = 0;
  for (const hop of chain) if (hop.kind === 'delegation') depth++;
  return {
    agentId: request.agentId,
    position: event.position,
    at: Date.parse(event.recordedAt),
    denied: event.type === 'action.denied',
    action: request.action,
    resource: request.resource,
    credentialId: request.credentialId,
    depth,
  };
}
