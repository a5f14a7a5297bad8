// The behaviour rules, given an agent's recorded decisions, when one more is folded,
// then these anomalies (or none). Times are a clock we control, not sleeps.
import { newTracker, observe, resourcePattern, type Anomaly, type BehaviourTracker, type DecisionObservation } from '../../src/domain';

const HOUR = 3_600_000;
const MONDAY = Date.parse('2025-03-03T00:00:00.000Z');

interface Clock {
  position: number;
}

function decision(clock: Clock, at: number, over: Partial<DecisionObservation> = {}): DecisionObservation {
  return { agentId: 'a1', position: clock.position++, at, denied: false, action: 'read', resource: `crm://customers/${clock.position}`, credentialId: 'cred-1', depth: 1, ...over };
}

/** A week of `perHour` decisions an hour in business hours (09:00-17:00 UTC), spread inside each hour. */
function steadyWeek(t: BehaviourTracker, clock: Clock, perHour = 50): Anomaly[] {
  const fired: Anomaly[] = [];
  for (let day = 0; day < 7; day++) {
    for (let h = 9; h < 17; h++) {
      for (let i = 0; i < perHour; i++) fired.push(...observe(t, decision(clock, MONDAY + day * 24 * HOUR + h * HOUR + i * Math.floor(HOUR / perHour))));
    }
  }
  return fired;
}

const BURST_AT = MONDAY + 7 * 24 * HOUR + 3 * HOUR;

test('the sources’ scenario: 50 an hour for a week, then 5,000 at 3 AM on records never touched', () => {
  const t = newTracker();
  const clock = { position: 0 };
  expect(steadyWeek(t, clock)).toEqual([]);
  const first = clock.position;
  const fired: Anomaly[] = [];
  for (let i = 0; i < 5000; i++) fired.push(...observe(t, decision(clock, BURST_AT + i * 100, { resource: `crm://archive/${i}`, credentialId: 'cred-2' })));
  const by = (rule: string, severity?: string) => fired.filter((a) => a.rule === rule && (severity === undefined || a.severity === severity));
  expect(by('hours.unusual')).toEqual([{ agentId: 'a1', rule: 'hours.unusual', severity: 'medium', value: 3, baseline: 0, threshold: 1, positions: [first] }]);
  expect(by('resource.first_use')).toEqual([{ agentId: 'a1', rule: 'resource.first_use', severity: 'low', value: 1, baseline: 1, threshold: 1, subject: 'read crm://archive/*', positions: [first] }]);
  expect(by('credential.new_rate')).toEqual([{ agentId: 'a1', rule: 'credential.new_rate', severity: 'high', value: 150, baseline: 50, threshold: 150, subject: 'cred-2', positions: [first, first + 149] }]);
  expect(by('rate.spike', 'medium')).toEqual([{ agentId: 'a1', rule: 'rate.spike', severity: 'medium', value: 500, baseline: 50, threshold: 500, positions: [first, first + 499] }]);
  expect(by('rate.spike', 'high')).toEqual([{ agentId: 'a1', rule: 'rate.spike', severity: 'high', value: 2500, baseline: 50, threshold: 2500, positions: [first, first + 2499] }]);
  expect(fired).toHaveLength(5);
});

test('no false alarm: a steady agent over the same week and the next morning', () => {
  const t = newTracker();
  const clock = { position: 0 };
  expect(steadyWeek(t, clock)).toEqual([]);
  const next = MONDAY + 7 * 24 * HOUR + 10 * HOUR;
  const fired = Array.from({ length: 60 }, (_, i) => observe(t, decision(clock, next + i * 1000))).flat();
  expect(fired).toEqual([]);
});

test('a new agent with no baseline: only the rate rule, against the cold-start rate of 100 an hour', () => {
  const t = newTracker();
  const clock = { position: 0 };
  const fired = Array.from({ length: 1000 }, (_, i) => observe(t, decision(clock, BURST_AT + i, { resource: `crm://x${i % 7}/1` }))).flat();
  expect(fired.map((a) => [a.rule, a.severity, a.value])).toEqual([['rate.spike', 'medium', 1000]]);
});

test('denial.spike: denials in an hour at 10 times the baseline, at least 20', () => {
  const t = newTracker();
  const clock = { position: 0 };
  steadyWeek(t, clock, 5);
  const at = MONDAY + 7 * 24 * HOUR + 10 * HOUR;
  const fired = Array.from({ length: 20 }, (_, i) => observe(t, decision(clock, at + i, { denied: true, resource: `crm://customers/${i}` }))).flat();
  expect(fired.map((a) => [a.rule, a.value, a.threshold])).toEqual([['denial.spike', 20, 20]]);
});

test('chain.deep: a chain two hops deeper than any the agent used', () => {
  const t = newTracker();
  const clock = { position: 0 };
  steadyWeek(t, clock, 2);
  const at = MONDAY + 7 * 24 * HOUR + 10 * HOUR;
  expect(observe(t, decision(clock, at, { depth: 2 }))).toEqual([]);
  const fired = observe(t, decision(clock, at + 1, { depth: 4 }));
  expect(fired).toEqual([{ agentId: 'a1', rule: 'chain.deep', severity: 'medium', value: 4, baseline: 2, threshold: 4, positions: [clock.position - 1] }]);
});

test('each hourly rule fires once an hour per severity; the window forgets after 7 days', () => {
  const t = newTracker();
  const clock = { position: 0 };
  steadyWeek(t, clock, 50);
  const at = MONDAY + 7 * 24 * HOUR + 10 * HOUR;
  const fired = Array.from({ length: 700 }, (_, i) => observe(t, decision(clock, at + i))).flat();
  expect(fired.map((a) => a.rule)).toEqual(['rate.spike']);
  // Eight days of silence: the baseline is gone, the agent learns again (cold start).
  const later = at + 9 * 24 * HOUR;
  expect(observe(t, decision(clock, later, { resource: 'erp://po/1' }))).toEqual([]);
  expect(t.past).toEqual([]);
});

test('resource patterns drop the last path segment', () => {
  expect(resourcePattern('crm://customers/42')).toBe('crm://customers/*');
  expect(resourcePattern('crm://customers')).toBe('crm://customers');
  expect(resourcePattern('erp://po/2024/7')).toBe('erp://po/2024/*');
});
