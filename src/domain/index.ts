// Writ's domain core: the one place where the rules of authority live. Pure: time, ids
// and keys come in with each command; nothing here reads a clock, a store or the network.
export * from './catalogue';
export type { DecideCommand, EventRef, NewEvent, RecordedEvent } from './shared/events';
export { recordedFromEnvelope } from './shared/events';
export { checkIssuedAt, formatInstant, parseInstant } from './shared/time';

export { decide, signerKeyFor, signerPublicKeyFor } from './decide';
export { evolve } from './evolve';
export { replay, replayValidated, type CheckedReplay, type ReplayFailure } from './replay/replay';
export { validate } from './replay/validate';

export * from './state/aggregates';
export { emptyLedgerState, viewOf, type LedgerState } from './state/ledger-state';
export { NonceMap, type NonceIndex } from './state/nonce-index';
export type { LedgerView } from './state/view';
export { lineage, withinAgent } from './state/queries';
export { actorKey, resolveActor, type Actor } from './authority/actor';
export { isOrphaned } from './agent/agent.rules';

export { evaluateDecision } from './decision/evaluate-decision';
export type { Decision, DecisionRequest, HopId } from './decision/decision.types';
export { collectChain, chainHops, chainProblem, chainEnd, type Chain, type ChainHop, type HopKind } from './decision/chain';
export { rateKey } from './decision/rate';
export { actionHash, eligibleApprovers } from './action/approval';
export { decisionRequestOf, type DecisionRequestRecord, type RecordedRequest } from './action/decision-request';
export { authzenRequestId, type AuthzenResult } from './authzen/authzen.decide';
export { ledgerKeyId } from './authzen/credential-token';
export * from './authzen/authzen.bodies';

export { cascade, causeOf, cascadeNonce, cascadeStatementFor, type CascadeStatement } from './cascade/cascade';
export { CASCADE_TRIGGERS, type Cause, type CascadeTrigger } from './cascade/cause';
export { credentialInScope, delegationInScope } from './cascade/scope';

export { DEFAULT_POLICY, type GenesisAdmin, type GenesisBody } from './ledger/ledger.bodies';
export type * from './principal/principal.bodies';
export type * from './agent/agent.bodies';
export type * from './delegation/delegation.bodies';
export { MAX_DELEGATION_DEPTH } from './delegation/delegation.bodies';
export type * from './credential/credential.bodies';
export type * from './action/action.bodies';
export * from './capability';

export { entitiesChangedBy, entityKey, statusRecord, statusRecordHash, STATUS_KINDS, type EntityRef, type StatusKind, type StatusRecord } from './state/status-records';
export { LedgerStateMap } from './state/state-map-fold';

export * from './behaviour';
