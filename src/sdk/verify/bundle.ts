// Evidence bundles for the SDK's one export line: the format and its offline verifier.
export { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleEvent, type BundleState, type BundleSubject, type EvidenceBundle } from './bundle-format';
export { verifyBundle, type BundleDecision, type VerifiedBundle } from './verify-bundle';
export type { ChainVerdict } from './bundle-chain';
