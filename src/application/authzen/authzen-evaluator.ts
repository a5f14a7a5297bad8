// The AuthZEN Authorization API 1.0 over the ledger (docs/authzen.md). Each evaluation
// is the enforcer's signed `authzen.evaluation` statement, submitted through the same
// door as GraphQL `authorize` (LedgerPort.authorize): signature, key, issuedAt skew and
// (actor, nonce) replay are checked there, the domain decides and the decision is
// recorded. Nothing here decides anything; it reads requests and shapes answers.
import { problem, type Problem } from '../../errors/problem';
import { nodeVerifier } from '../../integrity/ed25519/node-verifier';
import { verifyStatementSignature } from '../../integrity/statement';
import type { AuthorizeResult, LedgerPort } from '../ledger/ledger.port';
import { decisionOf, errorBody, evaluationError, requestPath, statusOf, type AuthzenDecision } from './authzen-answers';
import { readEvaluationRequest, readEvaluationsRequest, type AuthzenRequest, type ResolvedEvaluation } from './authzen-request';
import { evaluationStatement, readAuthzenSignature, statementText, type AuthzenSignature } from './authzen-signature';

export interface AuthzenReply {
  readonly status: 200 | 400 | 401 | 403 | 500;
  readonly body: unknown;
}

export const EVALUATION_PATH = '/access/v1/evaluation';
export const EVALUATIONS_PATH = '/access/v1/evaluations';

interface Prepared {
  readonly evaluation: ResolvedEvaluation;
  readonly statement: string;
  readonly signature: string;
}

type Outcome = { readonly ok: true; readonly decision: AuthzenDecision } | { readonly ok: false; readonly problems: readonly Problem[]; readonly paths: ResolvedEvaluation['paths'] };

export class AuthzenEvaluator {
  constructor(private readonly ledger: LedgerPort) {}

  /** `GET /.well-known/authzen-configuration`: where the PDP's endpoints are (no search API). */
  metadata(base: string): Record<string, string> {
    return { policy_decision_point: base, access_evaluation_endpoint: `${base}${EVALUATION_PATH}`, access_evaluations_endpoint: `${base}${EVALUATIONS_PATH}` };
  }

  evaluation(text: string, authorization: string | undefined): Promise<AuthzenReply> {
    return this.answer(text, authorization, readEvaluationRequest);
  }

  evaluations(text: string, authorization: string | undefined): Promise<AuthzenReply> {
    return this.answer(text, authorization, readEvaluationsRequest);
  }

  private async answer(text: string, authorization: string | undefined, read: (text: string) => ReturnType<typeof readEvaluationRequest>): Promise<AuthzenReply> {
    const sig = readAuthzenSignature(authorization);
    if (!sig.ok) return refused(sig.problems);
    const request = read(text);
    if (!request.ok) return refused(request.problems);
    const prepared = this.prepare(request.value, sig.value);
    if (!prepared.ok) return refused(prepared.problems);
    const list = prepared.value;
    // A batch is authenticated as a whole before anything is recorded.
    if (list.length > 1) {
      const refusedBatch = this.checkEnforcer(sig.value, list);
      if (refusedBatch !== undefined) return refused([refusedBatch]);
    }
    const outcomes = await this.run(list, request.value.semantic);
    if (!request.value.batch || list.length === 1) {
      const only = outcomes[0]!;
      if (!only.ok) return refused(only.problems, (p) => requestPath(p, only.paths));
      if (!request.value.batch) return { status: 200, body: only.decision };
    }
    return { status: 200, body: { evaluations: outcomes.map((o) => (o.ok ? o.decision : evaluationError(o.problems, (p) => requestPath(p, o.paths)))) } };
  }

  private prepare(request: AuthzenRequest, sig: AuthzenSignature): { ok: true; value: Prepared[] } | { ok: false; problems: readonly Problem[] } {
    const n = request.evaluations.length;
    if (sig.signatures.length !== n) {
      return { ok: false, problems: [problem('authzen.malformed_signature', `${n} evaluation(s) need ${n} signature(s), one per evaluation in order; the header has ${sig.signatures.length}`, 'header.authorization.signature')] };
    }
    const value: Prepared[] = [];
    for (const [i, evaluation] of request.evaluations.entries()) {
      const statement = statementText(evaluationStatement(this.ledger.ledgerId, sig, evaluation.body, i, request.batch));
      if (statement === undefined) return { ok: false, problems: [problem('body.invalid', 'the evaluation has no canonical JSON form', '')] };
      value.push({ evaluation, statement, signature: sig.signatures[i]! });
    }
    return { ok: true, value };
  }

  /** The enforcer is registered, active, holds the role, and signed every evaluation. */
  private checkEnforcer(sig: AuthzenSignature, list: readonly Prepared[]): Problem | undefined {
    const reader = this.ledger.reader(sig.actor);
    if (reader === undefined || reader.kind === 'agent') return problem('actor.unknown', `no principal ${sig.actor} is registered`, 'header.authorization.actor');
    if (!reader.active) return problem('principal.deactivated', `principal ${sig.actor} is deactivated`, 'header.authorization.actor');
    if (!reader.roles.includes('enforcer')) return problem('actor.not_authorized', 'only principals holding the enforcer role ask for decisions', 'header.authorization.actor');
    const bad = list.findIndex((p) => !verifyStatementSignature(nodeVerifier, reader.publicKey, p.statement, p.signature));
    return bad < 0 ? undefined : problem('statement.bad_signature', `the signature of evaluation ${bad} does not verify under ${sig.actor}'s current key`, `header.authorization.signature[${bad}]`);
  }

  private async run(list: readonly Prepared[], semantic: AuthzenRequest['semantic']): Promise<Outcome[]> {
    // Independent evaluations go to the ledger together (they may share a commit).
    if (semantic === 'execute_all') return Promise.all(list.map((p) => this.one(p)));
    const outcomes: Outcome[] = [];
    for (const p of list) {
      const outcome = await this.one(p);
      outcomes.push(outcome);
      const allowed = outcome.ok && outcome.decision.decision;
      if (semantic === 'deny_on_first_deny' ? !allowed : allowed) break;
    }
    return outcomes;
  }

  private async one(p: Prepared): Promise<Outcome> {
    const paths = p.evaluation.paths;
    let result: AuthorizeResult;
    try {
      result = await this.ledger.authorize({ statement: p.statement, signature: p.signature }, 'authzen.evaluation');
    } catch (error) {
      return { ok: false, problems: [problem('internal.error', (error as Error).message)], paths };
    }
    if (!result.ok) return { ok: false, problems: result.problems, paths };
    // The replay of a signed request is refused: a gateway re-signs to ask again.
    if (result.answer.replayed) {
      const position = result.answer.receipt?.leafIndex;
      return { ok: false, problems: [problem('statement.replayed', `this signed request was already evaluated (position ${position ?? '?'}); sign a new one to ask again`, 'nonce', { position })], paths };
    }
    return { ok: true, decision: decisionOf(result.answer) };
  }
}

function refused(problems: readonly Problem[], pathOf?: (path: string) => string): AuthzenReply {
  return { status: statusOf(problems[0]!.code), body: errorBody(problems, pathOf) };
}
