// A small client of Writ's AuthZEN API for an enforcer (a gateway): signs each request
// (authzenRequest) and reads the answer into the SDK's one result shape. It does not
// retry: a resent signed request is refused as a replay once the first one arrived, so
// a caller that lost an answer signs a new request (a new recorded decision).
import { err, ok, problem, type Problem, type Result } from '../errors/problem';
import type { ErrorCode } from '../errors/codes';
import { AUTHZEN_EVALUATION_PATH, AUTHZEN_EVALUATIONS_PATH, authzenRequest, type AuthzenEvaluation, type AuthzenEvaluations } from './authzen';
import type { FetchLike } from './client/transport';

export interface AuthzenDecision {
  readonly decision: boolean;
  /** Writ's `decision` (allowed | denied | approval_required), `reason_code`, `chain`, `receipt`, ... */
  readonly context?: Readonly<Record<string, unknown>>;
}

export interface AuthzenClientOptions {
  /** The service's base URL (`http://localhost:4000`). */
  readonly url: string;
  readonly ledgerId: string;
  /** The enforcer's principal id and keys. */
  readonly enforcer: { readonly id: string; readonly keys: { readonly seed: Uint8Array } };
  readonly fetch?: FetchLike;
  /** Per request, in ms; 30 000 by default. */
  readonly timeoutMs?: number;
}

export class AuthzenClient {
  private readonly base: string;
  private readonly fetch: FetchLike;

  constructor(private readonly options: AuthzenClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** `POST /access/v1/evaluation`: one recorded decision. */
  async evaluate(request: AuthzenEvaluation): Promise<Result<AuthzenDecision>> {
    const answer = await this.post(AUTHZEN_EVALUATION_PATH, request);
    return answer.ok ? decisionOf(answer.value, '') : answer;
  }

  /** `POST /access/v1/evaluations`: a recorded decision per evaluation run, in request order. */
  async evaluations(request: AuthzenEvaluations): Promise<Result<readonly AuthzenDecision[]>> {
    const answer = await this.post(AUTHZEN_EVALUATIONS_PATH, request);
    if (!answer.ok) return answer;
    const list = (answer.value as { evaluations?: unknown }).evaluations;
    if (!Array.isArray(list)) return err(problem('sdk.bad_response', 'the answer holds no evaluations', 'evaluations'));
    const out: AuthzenDecision[] = [];
    for (const [i, item] of list.entries()) {
      const one = decisionOf(item, `evaluations[${i}]`);
      if (!one.ok) return one;
      out.push(one.value);
    }
    return ok(out);
  }

  private async post(path: string, request: AuthzenEvaluation | AuthzenEvaluations): Promise<Result<unknown>> {
    const { body, headers } = authzenRequest(request, { ledgerId: this.options.ledgerId, actor: this.options.enforcer.id, keys: this.options.enforcer.keys });
    const signal = AbortSignal.timeout(this.options.timeoutMs ?? 30_000);
    let status: number;
    let text: string;
    try {
      const response = await this.fetch(`${this.base}${path}`, { method: 'POST', headers, body, signal });
      status = response.status;
      text = await response.text();
    } catch (e) {
      return err(problem('sdk.network_error', (e as Error).message));
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return err(problem('sdk.bad_response', `HTTP ${status}: the answer is not JSON`));
    }
    return status === 200 ? ok(value) : refusal(status, value);
  }
}

function decisionOf(value: unknown, path: string): Result<AuthzenDecision> {
  const v = value as { decision?: unknown; context?: unknown } | null;
  if (v === null || typeof v !== 'object' || typeof v.decision !== 'boolean') return err(problem('sdk.bad_response', 'the answer holds no boolean decision', path));
  const context = v.context;
  return ok(typeof context === 'object' && context !== null ? { decision: v.decision, context: context as Record<string, unknown> } : { decision: v.decision });
}

/** An HTTP error answer: `{ error, code, path, problems }` (Writ's error body). */
function refusal(status: number, value: unknown): Result<never> {
  const v = value as { error?: unknown; problems?: unknown } | null;
  const listed = Array.isArray(v?.problems) ? (v.problems as { code?: unknown; message?: unknown; path?: unknown }[]) : [];
  const problems: Problem[] = listed.filter((p) => typeof p.code === 'string').map((p) => problem(p.code as ErrorCode, String(p.message ?? ''), String(p.path ?? ''), { status }));
  return problems.length > 0 ? { ok: false, problems: [problems[0]!, ...problems.slice(1)] } : err(problem('sdk.http_error', `HTTP ${status}: ${String(v?.error ?? '')}`, '', { status }));
}
