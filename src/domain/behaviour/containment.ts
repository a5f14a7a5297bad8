// Containment (issue 21): which anomalies suspend an agent automatically. An admin sets
// the policy with a signed `containment.policy_set`; when a decision makes an anomaly
// fire that the policy suspends for, the anomaly is kept as *pending* for its agent, and
// the ledger records `agent.suspended` naming it. The rules below accept that suspension
// only for a pending anomaly the policy in force suspends for, so a replay (`writ
// verify`) re-derives every automatic suspension and refuses one the rules do not justify.
import { err, joinPath, ok, problem, type Problem, type Result } from '../../errors/problem';
import { bytesToHex, utf8ToBytes } from '../../integrity/bytes';
import { sha256 } from '../../integrity/sha256';
import type { Statement } from '../../integrity/statement/statement.types';
import { isAdmin, isLedger, notAuthorized, type Actor } from '../authority/actor';
import { streams } from '../catalogue';
import { sameJson } from '../replay/same-json';
import { amount, finish, has, integer, oneOf, optionalText, readObject, text, withoutUndefined } from '../shared/body-reader';
import { refOf, type EventRef, type NewEvent, type RecordedEvent } from '../shared/events';
import { handler, type DecideContext, type Evolver } from '../shared/handler';
import type { LedgerState } from '../state/ledger-state';
import type { LedgerView } from '../state/view';
import { newTracker, observe, type BehaviourTracker } from './behaviour-tracker';
import { ANOMALY_RULES, SEVERITIES, severityRank, type Anomaly, type AnomalyRule, type Severity } from './behaviour.rules';
import { decisionObservation } from './observation';

/** Pending anomalies kept per agent (oldest dropped first): the domain state stays small. */
export const MAX_PENDING_ANOMALIES = 8;
const MAX_POSITIONS = 8;

export interface SuspendRule {
  readonly rule: AnomalyRule;
  /** The least severity that suspends; below it the anomaly is only flagged. */
  readonly atLeast: Severity;
}

export interface ContainmentPolicyBody {
  /** Rules that suspend; every rule not listed only flags. An empty list: flag only. */
  readonly suspend: readonly SuspendRule[];
  readonly reason?: string;
}

export interface ContainmentPolicy {
  readonly suspend: readonly SuspendRule[];
  readonly ref: EventRef;
}

/** What the domain keeps per agent: its behaviour tracker and the anomalies awaiting suspension. */
export interface AgentBehaviour {
  readonly tracker: BehaviourTracker;
  readonly pending: Anomaly[];
}

/** An anomaly as a ledger suspension names it (its agent is the body's `agentId`). */
export type AnomalyCause = Omit<Anomaly, 'agentId'>;

export function parseContainmentPolicy(body: unknown): Result<ContainmentPolicyBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['suspend', 'reason']);
  const list = f.obj.suspend;
  let suspend: SuspendRule[] = [];
  if (!Array.isArray(list) || list.length > ANOMALY_RULES.length) {
    problems.push(problem('body.invalid', `suspend must list at most ${ANOMALY_RULES.length} rules`, 'body.suspend'));
  } else {
    suspend = list.map((item, i) => {
      const r = readObject(item, joinPath('body.suspend', i), problems, ['rule', 'atLeast']);
      return { rule: oneOf(r, 'rule', ANOMALY_RULES), atLeast: oneOf(r, 'atLeast', SEVERITIES) };
    });
    // On the rules as signed: a bad rule reads as a placeholder that must not look like a repeat.
    const named = list.map((item: unknown) => (item as { rule?: unknown } | null)?.rule);
    named.forEach((rule, i) => {
      if (typeof rule === 'string' && named.indexOf(rule) !== i) problems.push(problem('body.invalid', `rule ${rule} is listed twice`, `body.suspend[${i}].rule`));
    });
  }
  const reason = optionalText(f, 'reason');
  return finish(problems, () => withoutUndefined({ suspend, reason }));
}

/** Reads the `anomaly` a suspension names (see AgentSuspendedBody). */
export function readAnomalyCause(value: unknown, path: string, problems: Problem[]): AnomalyCause {
  const f = readObject(value, path, problems, ['rule', 'severity', 'value', 'baseline', 'threshold', 'subject', 'positions']);
  const positions = f.obj.positions;
  const ok = Array.isArray(positions) && positions.length > 0 && positions.length <= MAX_POSITIONS && positions.every((p) => Number.isSafeInteger(p) && (p as number) >= 0);
  if (!ok) problems.push(problem('body.invalid', `positions must list 1 to ${MAX_POSITIONS} log positions`, joinPath(path, 'positions')));
  const subject = has(f, 'subject') ? text(f, 'subject') : undefined;
  return withoutUndefined({
    rule: oneOf(f, 'rule', ANOMALY_RULES),
    severity: oneOf(f, 'severity', SEVERITIES),
    value: amount(f, 'value') ?? 0,
    baseline: amount(f, 'baseline') ?? 0,
    threshold: integer(f, 'threshold', 0, Number.MAX_SAFE_INTEGER),
    subject,
    positions: ok ? (positions as number[]) : [],
  });
}

export const suspends = (policy: ContainmentPolicy | undefined, a: Pick<Anomaly, 'rule' | 'severity'>): boolean =>
  policy?.suspend.some((r) => r.rule === a.rule && severityRank(a.severity) >= severityRank(r.atLeast)) ?? false;

function decidePolicySet(ctx: DecideContext<ContainmentPolicyBody>): Result<NewEvent> {
  if (!isAdmin(ctx.view, ctx.actor.id)) return notAuthorized('only an admin sets the containment policy');
  const current = ctx.view.containment();
  if (current !== undefined && sameJson(current.suspend, ctx.body.suspend)) {
    return err(problem('state.unchanged', 'that is already the containment policy', 'body.suspend'));
  }
  return ok({ stream: streams.containment, type: 'containment.policy_set' });
}

export const containmentHandlers = {
  'containment.policy_set': handler({ parse: parseContainmentPolicy, decide: decidePolicySet }),
};

const policySet: Evolver = (state, event) => {
  const { suspend } = event.statement.body as ContainmentPolicyBody;
  state.containment = { suspend, ref: refOf(event) };
};

export const containmentEvolvers = { 'containment.policy_set': policySet };

/**
 * Folds a decision into its agent's tracker; the anomalies it fires that the policy in
 * force suspends for become pending (what a ledger suspension may name).
 */
export function observeDecision(state: LedgerState, event: RecordedEvent): void {
  const observation = decisionObservation(event);
  if (observation === undefined) return;
  let behaviour = state.behaviour.get(observation.agentId);
  if (behaviour === undefined) {
    behaviour = { tracker: newTracker(), pending: [] };
    state.behaviour.set(observation.agentId, behaviour);
  }
  for (const anomaly of observe(behaviour.tracker, observation)) {
    if (!suspends(state.containment, anomaly)) continue;
    behaviour.pending.push(anomaly);
    if (behaviour.pending.length > MAX_PENDING_ANOMALIES) behaviour.pending.shift();
  }
}

/** A suspension (whoever made it) or a resume consumes what was pending: a resume starts afresh. */
export function consumePending(state: LedgerState, agentId: string): void {
  const behaviour = state.behaviour.get(agentId);
  if (behaviour !== undefined) behaviour.pending.length = 0;
}

const withoutAgent = ({ agentId: _agentId, ...cause }: Anomaly): AnomalyCause => cause;

/**
 * Who may suspend: the owner or an admin on their own authority (no anomaly), the ledger
 * only for an anomaly that is pending for the agent and that the policy in force
 * suspends for. Undefined when the suspension is justified.
 */
export function suspensionProblem(view: LedgerView, actor: Actor, agentId: string, anomaly: AnomalyCause | undefined): Result<never> | undefined {
  const ledger = isLedger(view, actor.id);
  if (anomaly === undefined) return ledger ? err(problem('containment.unjustified', 'the ledger suspends an agent only for an anomaly', 'body.anomaly')) : undefined;
  if (!ledger) return notAuthorized('only the ledger suspends an agent for an anomaly', 'body.anomaly');
  if (!suspends(view.containment(), anomaly)) {
    return err(problem('containment.unjustified', `the containment policy in force does not suspend for ${anomaly.rule} at ${anomaly.severity}`, 'body.anomaly.rule', { rule: anomaly.rule, severity: anomaly.severity }));
  }
  if (!view.pendingAnomalies(agentId).some((a) => sameJson(withoutAgent(a), anomaly))) {
    return err(problem('containment.unjustified', `no such ${anomaly.rule} anomaly of agent ${agentId} is pending: the decisions on record do not make it fire`, 'body.anomaly', { rule: anomaly.rule, positions: anomaly.positions }));
  }
  return undefined;
}

/** The anomaly the ledger must suspend an active agent for now, if any (the first pending one the policy suspends for). */
export function containmentFor(view: LedgerView, agentId: string): Anomaly | undefined {
  if (view.agent(agentId)?.lifecycle !== 'active') return undefined;
  const policy = view.containment();
  return view.pendingAnomalies(agentId).find((a) => suspends(policy, a));
}

/**
 * The ledger's signed suspension for an anomaly. Its nonce derives from the anomaly, so
 * a batch decided again (after a store conflict) records it once; `issuedAt` is the
 * time of the decision that made it fire.
 */
export function containmentStatementFor(view: LedgerView, anomaly: Anomaly, issuedAt: string): Statement | undefined {
  const ledger = view.ledger();
  if (ledger === undefined) return undefined;
  const cause = withoutAgent(anomaly);
  const nonce = bytesToHex(sha256(utf8ToBytes(`containment\n${anomaly.agentId}\n${JSON.stringify(cause)}`)));
  const reason = `anomaly ${anomaly.rule} (${anomaly.severity}): ${anomaly.value} against a baseline of ${anomaly.baseline}`;
  return { v: 1, ledgerId: ledger.ledgerId, type: 'agent.suspended', actor: ledger.principalId, nonce, issuedAt, body: { agentId: anomaly.agentId, reason, anomaly: cause } };
}
