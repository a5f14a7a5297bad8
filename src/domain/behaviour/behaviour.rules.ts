// Behavioural baselines (issue 21): deterministic, explained rules over an agent's own
// recorded decisions, no opaque model. Each rule compares what the agent does now with a
// baseline of what it did in the rolling window before the current clock hour, and each
// anomaly names its rule, the observed value, the baseline, the threshold and the
// positions of the decisions it rests on. The thresholds are constants so that replay,
// the read model and `writ verify` all derive the same anomalies (docs/behaviour.md).

/** The documented thresholds. Hours are UTC clock hours of the ledger time (recordedAt). */
export const BEHAVIOUR_THRESHOLDS = {
  /** The rolling baseline: the active hours of the last 7 days before the current hour. */
  windowHours: 168,
  /** Active hours the window must hold before baseline-relative rules apply (a new agent learns first). */
  minBaselineHours: 24,
  /** Decisions per hour assumed while an agent has no baseline yet (the rate rule still applies). */
  coldStartRate: 100,
  /** rate.spike: decisions in the current hour at these multiples of the baseline rate. */
  rateMedium: 10,
  rateHigh: 50,
  /** Never fire the rate rule below this many decisions in an hour. */
  rateFloor: 50,
  /** denial.spike: denials in the current hour at this multiple of the baseline, at least denialFloor. */
  denialFactor: 10,
  denialFloor: 20,
  /** chain.deep: a chain this many delegation hops deeper than the deepest of the agent's record. */
  depthExcess: 2,
  /** credential.new_rate: a credential first used this hour, making this multiple of the baseline rate, at least credentialFloor. */
  credentialFactor: 3,
  credentialFloor: 30,
  /** Bounds on what is remembered per agent (the domain state stays small). */
  maxPatterns: 256,
  maxKnownCredentials: 32,
} as const;

export const ANOMALY_RULES = ['rate.spike', 'denial.spike', 'resource.first_use', 'hours.unusual', 'chain.deep', 'credential.new_rate'] as const;
export type AnomalyRule = (typeof ANOMALY_RULES)[number];
export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

export interface Anomaly {
  readonly agentId: string;
  readonly rule: AnomalyRule;
  readonly severity: Severity;
  /** What was observed (decisions this hour, depth, hour of day, ...). */
  readonly value: number;
  /** The agent's own baseline for the same measure. */
  readonly baseline: number;
  /** The value at which the rule fires. */
  readonly threshold: number;
  /** What the rule is about when it is not the agent as a whole (an action and resource pattern, a credential). */
  readonly subject?: string;
  /** The decisions it rests on: the first of the hour (for hourly rules) and the one that crossed. */
  readonly positions: readonly number[];
}

/** One recorded decision, as the rules see it. */
export interface DecisionObservation {
  readonly agentId: string;
  readonly position: number;
  /** Epoch ms (recordedAt). */
  readonly at: number;
  readonly denied: boolean;
  readonly action: string;
  readonly resource: string;
  readonly credentialId: string;
  /** Delegation hops in the recorded chain. */
  readonly depth: number;
}
