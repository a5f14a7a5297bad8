// Containment (issue 21): given a policy an admin set and the decisions on record, when
// the ledger suspends an agent naming an anomaly, then it is accepted only if the policy
// suspends for that rule and severity and the domain's own tracker made that anomaly
// fire (and no suspension consumed it yet).
import { containmentFor, containmentStatementFor, type Anomaly } from '../../src/domain';
import type { Statement } from '../../src/integrity/statement/statement.types';
import { deciderSpecification } from './support/decider-specification';
import * as s from './support/statements';
import type { TestLedger } from './support/test-ledger';
import { ALICE, world } from './support/world';

const spec = deciderSpecification(world);
const policy = (suspend: unknown, actor = s.ADMIN) => ({ type: 'containment.policy_set', actor, body: { suspend, reason: 'issue 21' } });
const DENIALS = [{ rule: 'denial.spike', atLeast: 'medium' }];

/** 20 denied requests in one hour: a new agent's denial.spike (cold start: 20 denials). */
function denialBurst(l: TestLedger, agentId = 'agent-a'): void {
  for (let i = 0; i < 20; i++) {
    const e = l.must(s.act(agentId, 'c-a', { resource: `crm://customers/${i}`, action: 'read' }));
    expect(e.type).toBe('action.denied');
    l.advance(1000);
  }
}

function ledgerSuspension(l: TestLedger, anomaly: Anomaly, nonce?: string): Statement {
  const st = containmentStatementFor(l.view, anomaly, l.recordedAt)!;
  return nonce === undefined ? st : { ...st, nonce };
}

describe('containment.policy_set', () => {
  test('an admin sets it; it is recorded on the containment stream and in force', () => {
    const t = spec.given();
    t.when(policy(DENIALS)).then({ type: 'containment.policy_set', stream: 'containment' });
    expect(t.ledger.view.containment()?.suspend).toEqual(DENIALS);
  });

  test('only an admin sets it', () => {
    spec.given().when(policy(DENIALS, ALICE)).thenRefused('actor.not_authorized', 'actor');
    spec.given().when(policy(DENIALS, 'agent-a')).thenRefused('actor.not_authorized', 'actor');
  });

  test('the same policy again changes nothing', () => {
    spec.given(policy(DENIALS)).when(policy(DENIALS)).thenRefused('state.unchanged', 'body.suspend');
  });

  test('every bad rule is reported', () => {
    const l = world();
    expect(l.refusal(policy([{ rule: 'mood.swing', atLeast: 'medium' }, { rule: 'rate.spike', atLeast: 'extreme' }, { rule: 'rate.spike', atLeast: 'low' }]))).toEqual([
      { code: 'body.invalid', path: 'body.suspend[0].rule' },
      { code: 'body.invalid', path: 'body.suspend[1].atLeast' },
      { code: 'body.invalid', path: 'body.suspend[2].rule' },
    ]);
  });
});

describe('agent.suspended by the ledger for an anomaly', () => {
  test('accepted for a pending anomaly the policy suspends for; it consumes it, and the agent is then denied', () => {
    const l = world();
    l.must(policy(DENIALS));
    denialBurst(l);
    const anomaly = containmentFor(l.view, 'agent-a');
    expect(anomaly).toMatchObject({ agentId: 'agent-a', rule: 'denial.spike', severity: 'medium', value: 20, baseline: 0, threshold: 20 });
    const suspended = l.must(ledgerSuspension(l, anomaly!) as never);
    expect(suspended).toMatchObject({ type: 'agent.suspended', statement: { actor: s.LEDGER, body: { agentId: 'agent-a', anomaly: { rule: 'denial.spike', positions: anomaly!.positions } } } });
    expect(l.view.agent('agent-a')?.lifecycle).toBe('suspended');
    expect(l.view.pendingAnomalies('agent-a')).toEqual([]);
    expect(l.must(s.act('agent-a', 'c-a'))).toMatchObject({ type: 'action.denied', result: { reason: 'agent.suspended' } });
    // The owner resumes after review; the consumed anomaly cannot suspend again.
    l.must(s.resume(ALICE, 'agent-a'));
    expect(l.refusal(ledgerSuspension(l, anomaly!, 'again') as never)).toEqual([{ code: 'containment.unjustified', path: 'body.anomaly' }]);
    expect(l.must(s.act('agent-a', 'c-a')).type).toBe('action.authorized');
  });

  test('a forged anomaly (one the decisions on record do not make fire) is refused', () => {
    const l = world();
    l.must(policy(DENIALS));
    denialBurst(l);
    const real = containmentFor(l.view, 'agent-a')!;
    expect(l.refusal(ledgerSuspension(l, { ...real, value: 21 }) as never)).toEqual([{ code: 'containment.unjustified', path: 'body.anomaly' }]);
    expect(l.refusal(ledgerSuspension(l, { ...real, positions: [3, 4] }) as never)).toEqual([{ code: 'containment.unjustified', path: 'body.anomaly' }]);
    expect(l.refusal(ledgerSuspension(l, { ...real, agentId: 'agent-c' }) as never)).toEqual([{ code: 'containment.unjustified', path: 'body.anomaly' }]);
    expect(l.view.agent('agent-a')?.lifecycle).toBe('active');
  });

  test('the ledger suspends only for an anomaly; only the ledger names one', () => {
    spec.given(policy(DENIALS)).when({ type: 'agent.suspended', actor: s.LEDGER, body: { agentId: 'agent-a' } }).thenRefused('containment.unjustified', 'body.anomaly');
    spec
      .given(policy(DENIALS), denialBurst)
      .when((l) => ({ type: 'agent.suspended', actor: ALICE, body: ledgerSuspension(l, containmentFor(l.view, 'agent-a')!).body }))
      .thenRefused('actor.not_authorized', 'body.anomaly');
  });

  test('a flag-only policy (or a severity below the policy’s) suspends nothing', () => {
    for (const suspend of [[], [{ rule: 'denial.spike', atLeast: 'high' }], [{ rule: 'rate.spike', atLeast: 'low' }]]) {
      const l = world();
      l.must(policy(suspend));
      denialBurst(l);
      expect(l.view.pendingAnomalies('agent-a')).toEqual([]);
      expect(containmentFor(l.view, 'agent-a')).toBeUndefined();
      const fired: Anomaly = { agentId: 'agent-a', rule: 'denial.spike', severity: 'medium', value: 20, baseline: 0, threshold: 20, positions: [l.state.size - 20, l.state.size - 1] };
      expect(l.refusal(ledgerSuspension(l, fired) as never)).toEqual([{ code: 'containment.unjustified', path: 'body.anomaly.rule' }]);
    }
  });

  test('without any policy nothing is pending, and an anomaly that fired before the policy was set does not count', () => {
    const l = world();
    denialBurst(l);
    expect(l.view.pendingAnomalies('agent-a')).toEqual([]);
    l.must(policy(DENIALS));
    expect(containmentFor(l.view, 'agent-a')).toBeUndefined();
  });

  test('an already suspended agent is not suspended again', () => {
    const l = world();
    l.must(policy(DENIALS));
    denialBurst(l);
    const anomaly = containmentFor(l.view, 'agent-a')!;
    l.must(s.suspend(ALICE, 'agent-a'));
    expect(containmentFor(l.view, 'agent-a')).toBeUndefined();
    expect(l.refusal(ledgerSuspension(l, anomaly) as never)[0]?.code).toBe('containment.unjustified');
  });
});
