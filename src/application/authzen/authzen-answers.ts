// What the AuthZEN API answers: a recorded decision as the specification's
// `{ decision, context }`, and refusals as HTTP errors (or, inside a batch, as
// `{ decision: false, context: { error } }`) carrying Writ's code and path.
import type { ErrorCode } from '../../errors/codes';
import { joinPath, type Problem } from '../../errors/problem';
import type { AuthzenPart } from '../../domain/authzen/authzen.bodies';
import type { AuthorizeAnswer } from '../decisions/decision-answer';

export interface AuthzenDecision {
  readonly decision: boolean;
  readonly context: Readonly<Record<string, unknown>>;
}

/** The body of an HTTP error answer (AuthZEN: "an error message"; Writ adds code and path). */
export interface AuthzenErrorBody {
  readonly error: string;
  readonly code: ErrorCode;
  readonly path: string;
  /** Every problem found (validation reports each bad member), the first is the above. */
  readonly problems: readonly { readonly code: ErrorCode; readonly message: string; readonly path: string }[];
}

const UNAUTHENTICATED: ReadonlySet<string> = new Set([
  'authzen.missing_signature', 'authzen.malformed_signature', 'statement.bad_signature', 'statement.replayed', 'statement.issued_at_skew',
  'statement.malformed', 'statement.not_canonical', 'statement.wrong_ledger', 'actor.unknown', 'actor.key_not_current',
]);
const FORBIDDEN: ReadonlySet<string> = new Set(['actor.not_authorized', 'principal.deactivated']);

/** The HTTP status of a refusal: who is asking (401, 403), what is asked (400), or us (500). */
export function statusOf(code: ErrorCode): 400 | 401 | 403 | 500 {
  if (UNAUTHENTICATED.has(code)) return 401;
  if (FORBIDDEN.has(code)) return 403;
  return code === 'internal.error' ? 500 : 400;
}

// The statement's envelope fields come from the Authorization header's parameters.
const HEADER_PARAMS: Readonly<Record<string, string>> = { actor: 'actor', nonce: 'nonce', issuedAt: 'issued-at', signature: 'signature', ledgerId: 'actor', type: 'actor', v: 'actor' };

/**
 * A problem's path in the request: a statement body path (`body.subject.id`) becomes the
 * path of that part in the request (`evaluations[2].subject.id`, or `subject.id` for a
 * default), a statement field the header parameter it came from.
 */
export function requestPath(path: string, parts: Readonly<Record<AuthzenPart, string>>): string {
  const m = /^body\.(subject|action|resource|context)(.*)$/.exec(path);
  if (m !== null) return `${parts[m[1] as AuthzenPart]}${m[2]}`;
  const head = /^([A-Za-z]+)/.exec(path)?.[1];
  if (head !== undefined && HEADER_PARAMS[head] !== undefined && path === head) return joinPath('header.authorization', HEADER_PARAMS[head]!);
  return path;
}

export function errorBody(problems: readonly Problem[], pathOf: (path: string) => string = (p) => p): AuthzenErrorBody {
  const list = problems.map((p) => ({ code: p.code, message: p.message, path: pathOf(p.path) }));
  const first = list[0]!;
  return { error: first.message, code: first.code, path: first.path, problems: list };
}

/** A refused evaluation inside a batch: the specification's per-evaluation error. */
export function evaluationError(problems: readonly Problem[], pathOf: (path: string) => string): AuthzenDecision {
  const first = problems[0]!;
  return { decision: false, context: { error: { status: statusOf(first.code), message: first.message, code: first.code, path: pathOf(first.path) } } };
}

/** A recorded decision: true only for `allowed`; the context says what Writ decided and why. */
export function decisionOf(answer: AuthorizeAnswer): AuthzenDecision {
  const context: Record<string, unknown> = { decision: answer.decision };
  if (answer.reason !== undefined) {
    context['reason_code'] = answer.reason;
    // The specification's reason object shape: an id and text for administrators.
    context['reason'] = { id: answer.reason, reason_admin: { en: reasonText(answer) } };
  }
  if (answer.hop !== undefined) context['hop'] = answer.hop;
  context['chain'] = answer.chain;
  if (answer.approvalId !== undefined) context['approval_id'] = answer.approvalId;
  if (answer.threshold !== undefined) context['threshold'] = answer.threshold;
  if (answer.approvers !== undefined) context['approvers'] = answer.approvers;
  if (answer.expiresAt !== undefined) context['expires_at'] = answer.expiresAt;
  if (answer.failedClosed) context['failed_closed'] = true;
  if (answer.receipt !== undefined) context['receipt'] = answer.receipt;
  return { decision: answer.decision === 'allowed', context };
}

function reasonText(answer: AuthorizeAnswer): string {
  const at = answer.hop === undefined ? '' : ` at ${answer.hop.kind} ${answer.hop.id}`;
  if (answer.decision === 'approval_required') return `a human must approve this action first (approval ${answer.approvalId ?? ''}, above ${answer.threshold ?? ''})`;
  if (answer.failedClosed) return 'the decision could not be recorded, so it is a denial';
  return `denied: ${answer.reason ?? ''}${at}`;
}
