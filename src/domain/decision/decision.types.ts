// A decision: "may agent A do action X on resource R now, with credential C". It
// always carries the chain it looked at, and a denial its reason code and the hop
// that failed, so that the recorded decision can be re-derived and explained.
import type { ErrorCode } from '../../errors/codes';
import type { ChainHop, HopKind } from './chain';

export interface DecisionRequest {
  readonly agentId: string;
  readonly credentialId: string;
  readonly action: string;
  readonly resource: string;
  readonly amount?: number;
  readonly taskId: string;
  readonly approvalId?: string;
  /** The key the request is signed with (base64url): the acting agent's current key. */
  readonly presentedKey: string;
}

export interface HopId {
  readonly kind: HopKind;
  readonly id: string;
}

export type Decision =
  | { readonly decision: 'allowed'; readonly chain: readonly ChainHop[]; readonly approvalId?: string }
  | { readonly decision: 'denied'; readonly reason: ErrorCode; readonly hop?: HopId; readonly chain: readonly ChainHop[] }
  | {
      readonly decision: 'approval_required';
      readonly reason: 'condition.approval_required';
      /** The lowest approvalAbove on the chain that the amount exceeds. */
      readonly threshold: number;
      readonly chain: readonly ChainHop[];
    };
