export * from './behaviour.rules';
export { newTracker, observe, resourcePattern, type BehaviourTracker } from './behaviour-tracker';
export { decisionObservation } from './observation';
export {
  containmentFor,
  containmentStatementFor,
  MAX_PENDING_ANOMALIES,
  suspends,
  type AgentBehaviour,
  type AnomalyCause,
  type ContainmentPolicy,
  type ContainmentPolicyBody,
  type SuspendRule,
} from './containment';
