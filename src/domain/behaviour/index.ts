export * from './behaviour.rules';
export { newTracker, observe, resourcePattern, type BehaviourTracker } from './behaviour-tracker';
export { decisionObservation } from './observation';
