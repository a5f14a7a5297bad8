// The shape of authority. A capability names a resource pattern, the actions allowed
// on it and optional caveats; see resource-pattern.ts for the pattern language,
// attenuation.ts for "no wider" and permit.ts for how a request is judged.

/** At most `max` counted decisions in any window of `perSeconds` seconds ending at a decision. */
export interface RateLimit {
  readonly max: number;
  readonly perSeconds: number;
}

export interface Conditions {
  /** Largest amount one action may carry. */
  readonly maxAmount?: number;
  /** Actions with a larger amount need a human's approval first. */
  readonly approvalAbove?: number;
  readonly rate?: RateLimit;
}

export interface Capability {
  /** A resource pattern, `erp://po/*`; see resource-pattern.ts. */
  readonly resource: string;
  readonly actions: readonly string[];
  readonly conditions?: Conditions;
}

/** What an agent asks to do: one action on one concrete resource (no wildcards). */
export interface ActionRequest {
  readonly action: string;
  readonly resource: string;
  readonly amount?: number;
}

/**
 * Bounds on untrusted input. They keep matching and coverage cheap and stop a
 * statement from carrying an unbounded list; real grants sit far below them.
 */
export const CAPABILITY_LIMITS = {
  maxCapabilities: 64,
  maxActions: 64,
  maxActionLength: 64,
  maxResourceLength: 1024,
} as const;
