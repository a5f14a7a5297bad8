// writ/sdk: keys, statements, read tokens, the service client and offline verification.
// Portable: no Node-only import anywhere in its graph (a test walks it), so it runs in
// Node, browsers and edge runtimes.

// Keys and key files
export { decodePublicKey, exportKeys, generateKeys, importKeys, keysFromSeed, type WritKeys } from './keys';
export { formatKeyFile, KEY_FILE_KIND, parseKeyFile, toKeyFile, type KeyFile, type KeyFileKeys } from './key-file';
export { uuidv7 } from './uuidv7';
export type { PublicKeyInput, SigningKey, WithKeyInputs } from './key-input';

// Statements
export { canonicalStatement, createStatement, sign, type StatementInput } from './statement';
export { statements, type StatementBuilder, type StatementBuilders, type StatementContext } from './builders';
export { MUTATIONS, mutationFor, type BodyOf, type BodyOfMutation, type MutationName, type SubmittableType } from './statement-catalogue';
export type { SignedStatement, Statement } from '../integrity/statement';

// Read tokens
export {
  MAX_READ_TOKEN_TTL_SECONDS,
  readToken,
  readTokenClaims,
  readTokenSource,
  type ReadTokenClaims,
  type ReadTokenInput,
} from './read-token';

// The service
export { WritClient, type TokenSource, type WritClientOptions } from './client/writ-client';
export type { FetchLike } from './client/transport';
export type { SubmitResult } from './client/submit-results';
export type { AuthorizeAnswer, CredentialAnswer, DecisionHop, IssuedCredential } from './client/runtime-answers';
export type { ConsistencyProof, InclusionProof, RecordedEnvelope, SignedCheckpoint } from './client/read-answers';
export type { Receipt } from './receipt';

// AuthZEN (for enforcers: gateways holding the enforcer role; docs/authzen.md)
export { authzenRequest, authzenResource, resolvedEvaluations, type AuthzenContext, type AuthzenEntity, type AuthzenEvaluation, type AuthzenEvaluations, type AuthzenHttpRequest, type AuthzenSigner, type EvaluationsSemantic } from './authzen';
export { AuthzenClient, type AuthzenClientOptions, type AuthzenDecision } from './authzen-client';

// Offline verification
export { verifyCheckpoint, type VerifiedCheckpoint, type VerifyCheckpointOptions } from './verify/verify-checkpoint';
export { verifyReceipt, type VerifiedReceipt, type VerifyReceiptOptions } from './verify/verify-receipt';
export { verifyConsistency, type VerifiedConsistency } from './verify/verify-consistency';
export { verifyBundle, BUNDLE_FORMAT, BUNDLE_VERSION, type EvidenceBundle, type VerifiedBundle, type BundleDecision, type ChainVerdict } from './verify/bundle';
export type { LedgerKey, LedgerKeys } from './verify/ledger-keys';

// Shared types
export type { ErrorCode } from '../errors/codes';
export type { Problem, Result } from '../errors/problem';
export type { Envelope } from '../integrity/envelope';
export type {
  EntitlementGrantedBody,
  EntitlementRevokedBody,
  PrincipalDeactivatedBody,
  PrincipalKeyRotatedBody,
  PrincipalRegisteredBody,
  RoleBody,
} from '../domain/principal/principal.bodies';
export type {
  AgentKeyRotatedBody,
  AgentNoteBody,
  AgentProvisionedBody,
  ModelChangedBody,
  OwnershipTransferredBody,
} from '../domain/agent/agent.bodies';
export type { DelegationGrantedBody, DelegationRevokedBody } from '../domain/delegation/delegation.bodies';
export type { CredentialIssuedResult, CredentialRequestBody, CredentialRevokedBody } from '../domain/credential/credential.bodies';
export type { ActionRequestBody, ActionResult, ApprovalAnswerBody } from '../domain/action/action.bodies';
export type { LedgerKeyRotatedBody } from '../domain/ledger/ledger.bodies';
export type { Capability, Conditions, RateLimit } from '../domain/capability/capability.types';
export type { AgentModel, Role } from '../domain/state/aggregates';
