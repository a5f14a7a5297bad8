// The answers of the two runtime mutations: an issued credential (a compact JWS any
// JOSE library checks against the ledger's JWKS) and a recorded decision with its chain.
import { err, ok, problem, type Problem, type Result } from '../../errors/problem';
import type { Receipt } from '../receipt';
import { pick, shapeProblems, type Shape } from './response-shapes';
import { submitResultOf } from './submit-results';

export interface IssuedCredential {
  /** Compact JWS (EdDSA) signed by the ledger key named by `kid`. */
  readonly token: string;
  readonly credentialId: string;
  readonly kid: string;
  readonly expiresAt: string;
}

export interface CredentialAnswer {
  readonly credential: IssuedCredential;
  readonly receipt: Receipt;
  readonly replayed: boolean;
}

export interface DecisionHop {
  readonly kind: string;
  readonly id: string;
  readonly eventHash: string;
  readonly leafIndex: number;
  readonly capability?: number;
}

export interface AuthorizeAnswer {
  readonly decision: 'allowed' | 'denied' | 'approval_required';
  readonly reason?: string;
  readonly hop?: { readonly kind: string; readonly id: string };
  readonly chain: readonly DecisionHop[];
  readonly approvalId?: string;
  readonly threshold?: number;
  readonly approvers?: readonly string[];
  readonly expiresAt?: string;
  /** True when the ledger could not record the decision: a denial (`decision.not_recorded`). */
  readonly failedClosed: boolean;
  /** Absent only when the decision failed closed. */
  readonly receipt?: Receipt;
  readonly replayed: boolean;
}

const CREDENTIAL_SHAPE: Shape = { token: 'string', credentialId: 'string', kid: 'string', expiresAt: 'string' };
const HOP_SHAPE: Shape = { kind: 'string', id: 'string', eventHash: 'hash', leafIndex: 'count', capability: 'any' };
const DECISIONS = new Set(['allowed', 'denied', 'approval_required']);

export function credentialAnswerOf(value: unknown, path: string): Result<CredentialAnswer> {
  const v = (value ?? {}) as { credential?: unknown; receipt?: unknown };
  const bad = shapeProblems(v.credential, CREDENTIAL_SHAPE, `${path}.credential`);
  if (bad.length > 0) return err(...(bad as [Problem, ...Problem[]]));
  const receipt = submitResultOf(v.receipt, `${path}.receipt`);
  if (!receipt.ok) return err(...(receipt.problems as [Problem, ...Problem[]]));
  return ok({ credential: pick<IssuedCredential>(v.credential, CREDENTIAL_SHAPE), receipt: receipt.receipt, replayed: receipt.replayed });
}

export function authorizeAnswerOf(value: unknown, path: string): Result<AuthorizeAnswer> {
  const v = (value ?? {}) as Record<string, unknown>;
  if (typeof v['decision'] !== 'string' || !DECISIONS.has(v['decision']) || !Array.isArray(v['chain']) || typeof v['failedClosed'] !== 'boolean') {
    return err(problem('sdk.bad_response', `${path} is not a decision`, path));
  }
  const chain = v['chain'] as unknown[];
  const bad = chain.flatMap((h, i) => shapeProblems(h, HOP_SHAPE, `${path}.chain[${i}]`));
  if (bad.length > 0) return err(...(bad as [Problem, ...Problem[]]));
  let receipt: { receipt?: Receipt; replayed: boolean } = { replayed: false };
  if (v['receipt'] !== null && v['receipt'] !== undefined) {
    const r = submitResultOf(v['receipt'], `${path}.receipt`);
    if (!r.ok) return err(...(r.problems as [Problem, ...Problem[]]));
    receipt = { receipt: r.receipt, replayed: r.replayed };
  }
  const rest = pick<Omit<AuthorizeAnswer, 'chain' | 'receipt' | 'replayed'>>(v, ANSWER_FIELDS);
  return ok({ ...rest, chain: chain.map((h) => pick<DecisionHop>(h, HOP_SHAPE)), ...receipt });
}

const ANSWER_FIELDS: Shape = { decision: 'string', reason: 'string', hop: 'any', approvalId: 'string', threshold: 'any', approvers: 'strings', expiresAt: 'string', failedClosed: 'boolean' };

/** What `submit` returns for these mutations: their receipt, as for every other one. */
export function receiptOfAnswer(value: unknown, path: string) {
  const receipt = (value as { receipt?: unknown } | null)?.receipt;
  if (receipt === null || receipt === undefined) {
    const closed = (value as { failedClosed?: unknown } | null)?.failedClosed === true;
    return { ok: false as const, problems: [closed ? problem('decision.not_recorded', 'the ledger could not record the decision: denied', path) : problem('sdk.bad_response', `${path}.receipt is missing`, path)] };
  }
  return submitResultOf(receipt, `${path}.receipt`);
}
