// The richer answers of the two runtime mutations: requestCredential returns the
// credential as a token beside its receipt; authorize returns the recorded decision
// with its chain, each hop named by the event it relied on.
import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { CredentialResult } from '../../../application/ledger/ledger.port';
import type { AuthorizeAnswer } from '../../../application/decisions/decision-answer';
import { ReceiptView, toReceiptView } from '../types/receipt.type';

export enum DecisionKind {
  allowed = 'allowed',
  denied = 'denied',
  approval_required = 'approval_required',
}
registerEnumType(DecisionKind, { name: 'Decision', description: 'What the ledger decided and recorded.' });

@ObjectType('IssuedCredential', { description: 'A credential as a compact JWS (EdDSA) signed by the ledger key; check it with the JWKS.' })
export class IssuedCredentialView {
  @Field({ description: 'Compact JWS, an RFC 9068 access token: header {alg: EdDSA, typ: at+jwt, kid}; claims iss, sub (the human at the root), aud, client_id, jti, iat, nbf, exp, cnf, authorization_details, act (RFC 8693: the agent outermost, prior actors nested toward the human).' })
  token!: string;

  @Field()
  credentialId!: string;

  @Field({ description: 'The ledger key that signed the token, as listed at /.well-known/jwks.json.' })
  kid!: string;

  @Field({ description: 'RFC 3339; the token’s exp, at most the chain’s end.' })
  expiresAt!: string;
}

@ObjectType('CredentialAnswer', { description: 'An issued credential with the receipt of its `credential.issued` event.' })
export class CredentialAnswerView {
  @Field(() => IssuedCredentialView)
  credential!: IssuedCredentialView;

  @Field(() => ReceiptView)
  receipt!: ReceiptView;
}

@ObjectType('HopRef', { description: 'A hop of a chain by kind and id.' })
export class HopRefView {
  @Field()
  kind!: string;

  @Field()
  id!: string;
}

@ObjectType('DecisionHop', { description: 'A hop the decision relied on, by its latest event at that moment.' })
export class DecisionHopView {
  @Field({ description: 'credential, agent, delegation, principal or entitlement.' })
  kind!: string;

  @Field()
  id!: string;

  @Field({ description: 'Hash of the hop’s latest event, lowercase hex.' })
  eventHash!: string;

  @Field(() => Int, { description: 'Leaf index (global position) of that event.' })
  leafIndex!: number;

  @Field(() => Int, { nullable: true, description: 'For capability-bearing hops: the capability the request was judged by.' })
  capability?: number | null;
}

@ObjectType('AuthorizeAnswer', { description: 'The decision recorded for an action request, evaluated at the head.' })
export class AuthorizeAnswerView {
  @Field(() => DecisionKind)
  decision!: DecisionKind;

  @Field(() => String, { nullable: true, description: 'Reason code of a denial or approval requirement.' })
  reason?: string | null;

  @Field(() => HopRefView, { nullable: true, description: 'The hop that failed, for a denial that names one.' })
  hop?: HopRefView | null;

  @Field(() => [DecisionHopView], { description: 'Leaf first: credential, agent, delegation, ..., principal, entitlement.' })
  chain!: DecisionHopView[];

  @Field(() => String, { nullable: true, description: 'The approval asked for (approval_required) or used (allowed).' })
  approvalId?: string | null;

  @Field(() => Float, { nullable: true, description: 'The approvalAbove threshold the amount exceeded.' })
  threshold?: number | null;

  @Field(() => [String], { nullable: true, description: 'Who may answer the approval.' })
  approvers?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Until when the approval may be answered and used.' })
  expiresAt?: string | null;

  @Field({ description: 'True when the decision could not be recorded and is therefore a denial (decision.not_recorded).' })
  failedClosed!: boolean;

  @Field(() => ReceiptView, { nullable: true, description: 'The recorded decision; null only when it failed closed.' })
  receipt?: ReceiptView | null;
}

export function toCredentialAnswer(result: Extract<CredentialResult, { ok: true }>): CredentialAnswerView {
  return { credential: { ...result.credential }, receipt: toReceiptView(result.receipt, result.replayed) };
}

export function toAuthorizeAnswer(a: AuthorizeAnswer): AuthorizeAnswerView {
  return {
    decision: a.decision as DecisionKind,
    reason: a.reason ?? null,
    hop: a.hop ?? null,
    chain: a.chain.map((h) => ({ ...h, capability: h.capability ?? null })),
    approvalId: a.approvalId ?? null,
    threshold: a.threshold ?? null,
    approvers: a.approvers === undefined ? null : [...a.approvers],
    expiresAt: a.expiresAt ?? null,
    failedClosed: a.failedClosed,
    receipt: a.receipt === undefined ? null : toReceiptView(a.receipt, a.replayed),
  };
}
