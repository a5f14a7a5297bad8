// The decision function (invariant 4): a pure function of the state at the global
// head, the request and the ledger time. Order of judgement, each step only if the
// previous passed:
//   1. the credential exists and is bound to the presenting agent and key;
//   2. the whole chain is live, root first (entitlement, human, each link and agent,
//      and each agent has an active owner: invariant 7, agent.orphaned);
//   3. the credential is live and for this task;
//   4. every capability-bearing hop (entitlement, each delegation, the credential)
//      covers the request and its amount, root first;
//   5. every rate on those hops allows one more decision;
//   6. a named approval is valid for exactly this action; one is needed above
//      approvalAbove.
import type { ErrorCode } from '../../errors/codes';
import { findApplicable, permits, rateAllows, type ActionRequest, type Capability } from '../capability';
import { actionHash, approvalProblem } from '../action/approval';
import type { CredentialState } from '../state/aggregates';
import type { LedgerView } from '../state/view';
import { chainHops, chainProblem, collectChain, hop, type Chain, type ChainHop, type HopKind } from './chain';
import type { Decision, DecisionRequest, HopId } from './decision.types';
import { rateKey } from './rate';

interface Bearer {
  readonly kind: HopKind;
  readonly id: string;
  readonly capabilities: readonly Capability[];
  /** Index of this hop in the recorded chain. */
  readonly hop: number;
}

const deny = (reason: ErrorCode, chain: readonly ChainHop[], at?: HopId): Decision =>
  at === undefined ? { decision: 'denied', reason, chain } : { decision: 'denied', reason, hop: at, chain };

export function evaluateDecision(view: LedgerView, req: DecisionRequest, now: number): Decision {
  const agent = view.agent(req.agentId);
  const agentHops = agent === undefined ? [] : [hop('agent', agent.id, agent.ref)];
  const credential = view.credential(req.credentialId);
  const credentialId = { kind: 'credential', id: req.credentialId } as const;
  if (credential === undefined) return deny('credential.not_found', agentHops, credentialId);
  const credentialHop = hop('credential', credential.id, credential.ref);
  if (credential.agentId !== req.agentId || credential.boundKey !== req.presentedKey) {
    return deny('credential.key_mismatch', [credentialHop, ...agentHops], credentialId);
  }
  const delegation = view.delegation(credential.delegationId);
  if (delegation === undefined) {
    return deny('delegation.not_found', [credentialHop, ...agentHops], { kind: 'delegation', id: credential.delegationId });
  }
  const chain = collectChain(view, delegation);
  return judgeChain(view, req, now, credential, chain, [credentialHop, ...chainHops(chain)]);
}

function judgeChain(view: LedgerView, req: DecisionRequest, now: number, credential: CredentialState, chain: Chain, hops: ChainHop[]): Decision {
  const dead = chainProblem(chain, now, '');
  if (dead !== undefined) return deny(dead.code, hops, (dead.details as { hop: HopId }).hop);
  const credentialId = { kind: 'credential', id: credential.id } as const;
  if (credential.status === 'revoked') return deny('credential.revoked', hops, credentialId);
  if (now >= credential.expiresAt) return deny('credential.expired', hops, credentialId);
  if (credential.taskId !== req.taskId) return deny('credential.task_mismatch', hops, credentialId);
  return judgeCapabilities(view, req, now, bearers(chain, credential, hops), hops);
}

const idOf = (b: Bearer): HopId => ({ kind: b.kind, id: b.id });

/** Capability-bearing hops, root first, each with its position in the recorded chain. */
function bearers(chain: Chain, credential: CredentialState, hops: readonly ChainHop[]): Bearer[] {
  const at = (kind: HopKind, id: string) => hops.findIndex((h) => h.kind === kind && h.id === id);
  const e = chain.entitlement!;
  const list: Bearer[] = [{ kind: 'entitlement', id: e.id, capabilities: [e.capability], hop: at('entitlement', e.id) }];
  for (let i = chain.links.length - 1; i >= 0; i--) {
    const d = chain.links[i]!.delegation;
    list.push({ kind: 'delegation', id: d.id, capabilities: d.capabilities, hop: at('delegation', d.id) });
  }
  list.push({ kind: 'credential', id: credential.id, capabilities: credential.capabilities, hop: 0 });
  return list;
}

function judgeCapabilities(view: LedgerView, req: DecisionRequest, now: number, list: readonly Bearer[], hops: readonly ChainHop[]): Decision {
  const request: ActionRequest = req;
  // The recorded chain names, per capability-bearing hop, the capability that judged the request.
  const chain = hops.slice();
  let threshold: number | undefined;
  const applied: { bearer: Bearer; capability: Capability; index: number }[] = [];
  for (const bearer of list) {
    const capability = findApplicable(bearer.capabilities, request);
    if (capability === undefined) return deny('capability.not_covered', chain, idOf(bearer));
    const index = bearer.capabilities.indexOf(capability);
    chain[bearer.hop] = { ...hops[bearer.hop]!, capability: index };
    applied.push({ bearer, capability, index });
    const verdict = permits(capability, request);
    if (verdict.kind === 'denied') return deny(verdict.code, chain, idOf(bearer));
    if (verdict.kind === 'approval_required') threshold = Math.min(threshold ?? Infinity, verdict.threshold);
  }
  for (const { bearer, capability, index } of applied) {
    const rate = capability.conditions?.rate;
    if (rate !== undefined && !rateAllows(rate, view.recentAllowed(rateKey(bearer.kind, bearer.id, index)), now)) {
      return deny('condition.rate_exceeded', chain, idOf(bearer));
    }
  }
  return judgeApproval(view, req, now, threshold, chain);
}

function judgeApproval(view: LedgerView, req: DecisionRequest, now: number, threshold: number | undefined, chain: readonly ChainHop[]): Decision {
  if (req.approvalId !== undefined) {
    // A named approval is always checked and, when allowed, used up, needed or not.
    const hash = actionHash(req);
    const bad = approvalProblem(view.approval(req.approvalId), req.approvalId, req.agentId, hash, now, '');
    if (bad !== undefined) return deny(bad.code, chain);
    return { decision: 'allowed', chain, approvalId: req.approvalId };
  }
  if (threshold !== undefined) return { decision: 'approval_required', reason: 'condition.approval_required', threshold, chain };
  return { decision: 'allowed', chain };
}
