// AuthZEN requests signed by an enforcer (a gateway holding the `enforcer` role): the
// request body as JSON text and the `Authorization: WritSig ...` header that carries the
// signature of each evaluation (docs/authzen.md). Each evaluation is signed as a Writ
// statement of type `authzen.evaluation` whose body is the evaluation's subject, action,
// resource and context: for a batch, each entry's own members, else the top-level
// defaults (whole members, as the AuthZEN specification resolves them).
import { createStatement, sign } from './statement';
import { uuidv7 } from './uuidv7';

export interface AuthzenEntity {
  readonly type: string;
  readonly id: string;
  readonly properties?: Readonly<Record<string, unknown>>;
}

export interface AuthzenContext {
  /** The compact JWS Writ issued to the agent (`requestCredential`'s token). */
  readonly credential: string;
  readonly amount?: number;
  /** Defaults to the credential's task. */
  readonly task?: string;
  readonly approval_id?: string;
}

export interface AuthzenEvaluation {
  /** `{ type: "agent", id: <agent id> }`. */
  readonly subject: AuthzenEntity;
  readonly action: { readonly name: string; readonly properties?: Readonly<Record<string, unknown>> };
  /** `{ type: "uri", id: "erp://po/7" }`, or `{ type: "erp", id: "po/7" }` (`<type>://<id>`). */
  readonly resource: AuthzenEntity;
  readonly context: AuthzenContext;
}

export type EvaluationsSemantic = 'execute_all' | 'deny_on_first_deny' | 'permit_on_first_permit';

export interface AuthzenEvaluations extends Partial<AuthzenEvaluation> {
  readonly evaluations: readonly Partial<AuthzenEvaluation>[];
  readonly options?: { readonly evaluations_semantic?: EvaluationsSemantic };
}

export interface AuthzenSigner {
  readonly ledgerId: string;
  /** The enforcer's principal id. */
  readonly actor: string;
  readonly keys: { readonly seed: Uint8Array };
  /** Defaults to a new UUIDv7; never reuse one. */
  readonly nonce?: string;
  /** Defaults to now. */
  readonly issuedAt?: string;
}

export interface AuthzenHttpRequest {
  /** The JSON text to POST, exactly as signed. */
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export const AUTHZEN_EVALUATION_PATH = '/access/v1/evaluation';
export const AUTHZEN_EVALUATIONS_PATH = '/access/v1/evaluations';
const PARTS = ['subject', 'action', 'resource', 'context'] as const;

const isBatch = (r: AuthzenEvaluation | AuthzenEvaluations): r is AuthzenEvaluations => (r as AuthzenEvaluations).evaluations !== undefined;

/** The evaluations a request stands for, each with its parts resolved. */
export function resolvedEvaluations(request: AuthzenEvaluation | AuthzenEvaluations): Record<string, unknown>[] {
  const one = (entry: Partial<AuthzenEvaluation> | undefined) => {
    const body: Record<string, unknown> = {};
    for (const part of PARTS) {
      const value = entry?.[part] ?? request[part];
      if (value !== undefined) body[part] = value;
    }
    return body;
  };
  return isBatch(request) ? request.evaluations.map(one) : [one(undefined)];
}

/**
 * The signed HTTP request for `POST /access/v1/evaluation` (one evaluation) or
 * `/access/v1/evaluations` (with `evaluations`): evaluation i of a batch is signed with
 * nonce `<nonce>.<i>`.
 */
export function authzenRequest(request: AuthzenEvaluation | AuthzenEvaluations, signer: AuthzenSigner): AuthzenHttpRequest {
  const nonce = signer.nonce ?? uuidv7();
  const issuedAt = signer.issuedAt ?? new Date().toISOString();
  const batch = isBatch(request);
  const signatures = resolvedEvaluations(request).map((body, i) => {
    const statement = createStatement({ ledgerId: signer.ledgerId, type: 'authzen.evaluation', actor: signer.actor, nonce: batch ? `${nonce}.${i}` : nonce, issuedAt, body });
    return sign(statement, signer.keys).signature;
  });
  const authorization = `WritSig actor="${signer.actor}", nonce="${nonce}", issued-at="${issuedAt}", signature="${signatures.join(',')}"`;
  return { body: JSON.stringify(request), headers: { 'content-type': 'application/json', authorization } };
}

/** The AuthZEN resource for a Writ resource URI: `erp://po/7` -> `{ type: "erp", id: "po/7" }`. */
export function authzenResource(uri: string): AuthzenEntity {
  const at = uri.indexOf('://');
  return at > 0 && /^[a-z][a-z0-9+.-]{0,31}$/.test(uri.slice(0, at)) ? { type: uri.slice(0, at), id: uri.slice(at + 3) } : { type: 'uri', id: uri };
}
