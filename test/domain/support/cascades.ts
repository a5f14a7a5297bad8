// Plays the cascade saga: computes the cascade of a recorded event and records each
// statement as the ledger (the service signs them; the domain decides them like any other).
import { cascade, cascadeStatementFor, type RecordedEvent } from '../../../src/domain';
import type { TestLedger } from './test-ledger';

export function runCascade(l: TestLedger, trigger: RecordedEvent): RecordedEvent[] {
  return cascade(l.view, trigger, l.now).map((cs) => {
    const statement = cascadeStatementFor(l.view, cs, l.recordedAt)!;
    const r = l.submit(statement);
    if (!r.ok) throw new Error(`cascade ${cs.type} refused: ${JSON.stringify(r.problems)}`);
    return r.value;
  });
}

/** Each revocation as `type:id`, for compact expectations. */
export const targets = (statements: readonly { type: string; body: unknown }[]) =>
  statements.map((st) => {
    const b = st.body as { delegationId?: string; credentialId?: string };
    return `${st.type === 'delegation.revoked' ? 'd' : 'c'}:${b.delegationId ?? b.credentialId}`;
  });
