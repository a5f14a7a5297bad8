// The requests the writer answers with more than a receipt: a decision (authorize),
// read back from what the committer recorded at the head and failing closed when it
// could not be recorded, and a credential, issued as a JWS once its request is recorded.
// Both go through the same submit pipeline as any statement.
import { problem } from '../../errors/problem';
import type { SignedStatement } from '../../integrity/statement';
import { credentialTokenFor } from '../credentials/credential-issuer';
import { answerOf, cannotRecord, failedClosed } from '../decisions/decision-answer';
import type { LedgerKeyRing } from './ledger-key-ring';
import type { AuthorizeResult, CredentialResult, DecisionStatementType, SubmitResult } from './ledger.port';
import { refusal } from './pending';
import type { RuntimeObserver } from './runtime-options';

export interface LedgerRequestsDeps {
  /** The checkpoint origin, which issues the credentials. */
  readonly origin: string;
  readonly keyRing: LedgerKeyRing;
  readonly observer: RuntimeObserver | undefined;
  submit(input: SignedStatement, expectedType: string): Promise<SubmitResult>;
}

export class LedgerRequests {
  constructor(private readonly deps: LedgerRequestsDeps) {}

  async requestCredential(input: SignedStatement): Promise<CredentialResult> {
    const submitted = await this.deps.submit(input, 'credential.request');
    if (!submitted.ok) return { ok: false, problems: submitted.problems };
    const credential = credentialTokenFor(this.deps.origin, input.statement, submitted.receipt, this.deps.keyRing.jwsSigner());
    if (credential === undefined) return { ok: false, problems: [problem('internal.error', 'the issued credential could not be read back', 'statement')] };
    return { ...submitted, credential };
  }

  /** Decided at the head by the committer; anything that keeps it from the record is a denial. */
  async authorize(input: SignedStatement, type: DecisionStatementType = 'action.request'): Promise<AuthorizeResult> {
    const started = performance.now();
    const answered = await this.decide(input, type);
    if (answered.ok) {
      const outcome = answered.answer.failedClosed === true ? 'failed_closed' : answered.answer.decision;
      this.deps.observer?.decisionAnswered?.(outcome, (performance.now() - started) / 1000);
    }
    return answered;
  }

  private async decide(input: SignedStatement, type: DecisionStatementType): Promise<AuthorizeResult> {
    let submitted: SubmitResult;
    try {
      submitted = await this.deps.submit(input, type);
    } catch (error) {
      submitted = refusal(problem('internal.error', (error as Error).message));
    }
    if (!submitted.ok && !cannotRecord(submitted.problems)) return submitted;
    const answer = submitted.ok ? answerOf(submitted.receipt, submitted.replayed) : undefined;
    if (answer !== undefined) return { ok: true, answer };
    this.deps.observer?.decisionFailedClosed?.();
    return { ok: true, answer: failedClosed() };
  }
}
