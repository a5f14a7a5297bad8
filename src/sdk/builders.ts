// One typed builder per mutation, made from the catalogue table so that the two cannot
// drift: `statements.grantDelegation(body, ctx)` builds a `delegation.granted` statement
// whose body has the domain's DelegationGrantedBody type. A `publicKey` member also takes
// the keys themselves (see key-input.ts).
import type { Statement } from '../integrity/statement';
import type { WithKeyInputs } from './key-input';
import { createStatement } from './statement';
import { MUTATIONS, type BodyOf, type MutationName } from './statement-catalogue';

/** Who signs, for which ledger; nonce and issuedAt default as in createStatement. */
export interface StatementContext {
  readonly ledgerId: string;
  readonly actor: string;
  readonly nonce?: string;
  readonly issuedAt?: string;
}

export type StatementBuilder<M extends MutationName> = (
  body: WithKeyInputs<BodyOf[(typeof MUTATIONS)[M]]>,
  context: StatementContext,
) => Statement<(typeof MUTATIONS)[M], BodyOf[(typeof MUTATIONS)[M]]>;

export type StatementBuilders = { readonly [M in MutationName]: StatementBuilder<M> };

function builderFor<M extends MutationName>(mutation: M): StatementBuilder<M> {
  const type = MUTATIONS[mutation];
  // plainBody (in createStatement) turns every key input into the text the body type has.
  return (body, context) => createStatement({ ...context, type, body: body as BodyOf[(typeof MUTATIONS)[M]] });
}

export const statements: StatementBuilders = Object.freeze(
  Object.fromEntries((Object.keys(MUTATIONS) as MutationName[]).map((m) => [m, builderFor(m)])),
) as StatementBuilders;
