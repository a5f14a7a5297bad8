export * from './capability.types';
export { validateCapabilities, validateCapability } from './capability-validation';
export {
  matchesResource,
  parseConcreteResource,
  parseResourcePattern,
  patternCovers,
  type PatternParse,
  type ResourcePattern,
} from './resource-pattern';
export { covers, coveredBy } from './attenuation';
export { findApplicable, permits, type PermitVerdict } from './permit';
export { rateAllows } from './rate-limit';
