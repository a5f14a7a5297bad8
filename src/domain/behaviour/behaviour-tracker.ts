// Per-agent counters behind the behaviour rules, updated in place as decisions are
// folded (like the rate counters: the container owns them). Bounded: at most one entry
// per active hour of the window, `maxPatterns` patterns and `maxKnownCredentials`
// credentials. The same tracker runs in the domain state (what a ledger suspension is
// checked against) and in the read model (what `anomalies` lists), so both derive the
// same anomalies from the same decisions.
import { BEHAVIOUR_THRESHOLDS as T, type Anomaly, type AnomalyRule, type DecisionObservation, type Severity } from './behaviour.rules';

const HOUR_MS = 3_600_000;

export interface HourCount {
  readonly hour: number;
  readonly decisions: number;
  readonly denials: number;
}

export interface BehaviourTracker {
  /** Past active hours inside the window, oldest first (the current hour is `current`). */
  past: HourCount[];
  sumDecisions: number;
  sumDenials: number;
  /** Active past hours per UTC hour of day, inside the window. */
  hoursOfDay: number[];
  current: { hour: number; decisions: number; denials: number; first: number; fired: string[]; fresh: Record<string, number> } | undefined;
  /** `action resource-pattern` keys seen (bounded). */
  patterns: string[];
  /** Credentials used in earlier hours (bounded, most recent last). */
  known: string[];
  maxDepth: number;
}

export function newTracker(): BehaviourTracker {
  return { past: [], sumDecisions: 0, sumDenials: 0, hoursOfDay: new Array<number>(24).fill(0), current: undefined, patterns: [], known: [], maxDepth: 0 };
}

/**
 * The pattern a resource belongs to: its last path segment replaced by `*`
 * (`crm://customers/42` -> `crm://customers/*`), so a new record of a kind the agent
 * reads every day is not "new", a kind of record it never touched is.
 */
export function resourcePattern(resource: string): string {
  const scheme = resource.indexOf('://');
  const slash = resource.lastIndexOf('/');
  if (slash <= scheme + 2) return resource;
  return `${resource.slice(0, slash)}/*`;
}

/** Folds one decision into the tracker and returns the anomalies it makes fire (in rule order). */
export function observe(t: BehaviourTracker, d: DecisionObservation): Anomaly[] {
  const hour = Math.floor(d.at / HOUR_MS);
  roll(t, hour);
  const cur = (t.current ??= { hour, decisions: 0, denials: 0, first: d.position, fired: [], fresh: {} });
  cur.decisions++;
  if (d.denied) cur.denials++;
  const established = t.past.length >= T.minBaselineHours;
  const baseRate = established ? t.sumDecisions / t.past.length : T.coldStartRate;
  const out: Anomaly[] = [];
  const fire = (rule: AnomalyRule, severity: Severity, value: number, baseline: number, threshold: number, hourly: boolean, subject?: string) => {
    const key = `${rule}:${severity}:${subject ?? ''}`;
    if (hourly) {
      if (cur.fired.includes(key)) return;
      cur.fired.push(key);
    }
    const positions = hourly && cur.first !== d.position ? [cur.first, d.position] : [d.position];
    out.push({ agentId: d.agentId, rule, severity, value, baseline: round(baseline), threshold, ...(subject === undefined ? {} : { subject }), positions });
  };
  for (const [factor, severity] of [[T.rateMedium, 'medium'], [T.rateHigh, 'high']] as const) {
    const threshold = Math.max(T.rateFloor, Math.ceil(baseRate * factor));
    if (cur.decisions >= threshold) fire('rate.spike', severity, cur.decisions, baseRate, threshold, true);
  }
  if (d.denied) {
    const baseDenials = established ? t.sumDenials / t.past.length : 0;
    const threshold = Math.max(T.denialFloor, Math.ceil(baseDenials * T.denialFactor));
    if (cur.denials >= threshold) fire('denial.spike', 'medium', cur.denials, baseDenials, threshold, true);
  }
  const hourOfDay = hour % 24;
  if (established && t.hoursOfDay[hourOfDay] === 0) fire('hours.unusual', 'medium', hourOfDay, 0, 1, true);
  firstUse(t, d, established, fire);
  if (established && t.maxDepth > 0 && d.depth >= t.maxDepth + T.depthExcess) fire('chain.deep', 'medium', d.depth, t.maxDepth, t.maxDepth + T.depthExcess, false);
  t.maxDepth = Math.max(t.maxDepth, d.depth);
  freshCredential(t, d, established, baseRate, fire);
  return out;
}

type Fire = (rule: AnomalyRule, severity: Severity, value: number, baseline: number, threshold: number, hourly: boolean, subject?: string) => void;

function firstUse(t: BehaviourTracker, d: DecisionObservation, established: boolean, fire: Fire): void {
  const key = `${d.action} ${resourcePattern(d.resource)}`;
  if (t.patterns.includes(key)) return;
  // A full set stops learning (and flagging): bounded memory over completeness.
  if (t.patterns.length >= T.maxPatterns) return;
  if (established) fire('resource.first_use', 'low', 1, t.patterns.length, 1, false, key);
  t.patterns.push(key);
}

function freshCredential(t: BehaviourTracker, d: DecisionObservation, established: boolean, baseRate: number, fire: Fire): void {
  const cur = t.current!;
  if (d.credentialId === '' || t.known.includes(d.credentialId)) return;
  const count = (cur.fresh[d.credentialId] ?? 0) + 1;
  cur.fresh[d.credentialId] = count;
  const threshold = Math.max(T.credentialFloor, Math.ceil(baseRate * T.credentialFactor));
  if (established && count >= threshold) fire('credential.new_rate', 'high', count, baseRate, threshold, true, d.credentialId);
}

/** Closes the current hour when a decision falls in a later one, and drops hours that left the window. */
function roll(t: BehaviourTracker, hour: number): void {
  const cur = t.current;
  if (cur !== undefined && cur.hour !== hour) {
    t.past.push({ hour: cur.hour, decisions: cur.decisions, denials: cur.denials });
    t.sumDecisions += cur.decisions;
    t.sumDenials += cur.denials;
    t.hoursOfDay[cur.hour % 24]!++;
    for (const id of Object.keys(cur.fresh)) t.known.push(id);
    if (t.known.length > T.maxKnownCredentials) t.known.splice(0, t.known.length - T.maxKnownCredentials);
    t.current = undefined;
  }
  while (t.past.length > 0 && t.past[0]!.hour <= hour - T.windowHours) {
    const old = t.past.shift()!;
    t.sumDecisions -= old.decisions;
    t.sumDenials -= old.denials;
    t.hoursOfDay[old.hour % 24]!--;
  }
}

const round = (n: number): number => Math.round(n * 100) / 100;
