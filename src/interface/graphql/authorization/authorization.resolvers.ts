// The two runtime mutations of the statement table: thin, like the others; they only
// return the richer answers.
import { Inject, type Type } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { LEDGER_PORT, type LedgerPort } from '../../../application/ledger/ledger.port';
import type { SignedStatement } from '../../../integrity/statement';
import { ProblemsError } from '../../problems.error';
import { SignedStatementPipe } from '../input-validation';
import { SignedStatementInput } from '../types/signed-statement.input';
import { AuthorizeAnswerView, CredentialAnswerView, toAuthorizeAnswer, toCredentialAnswer } from './authorization.types';

export type AnswerKind = 'credential' | 'decision';

export function credentialResolver(mutation: string): Type<unknown> {
  @Resolver()
  class CredentialResolver {
    constructor(@Inject(LEDGER_PORT) private readonly ledger: LedgerPort) {}

    @Mutation(() => CredentialAnswerView, {
      name: mutation,
      nullable: true,
      description: 'Appends a signed `credential.request`; returns the issued credential as a compact JWS and its receipt.',
    })
    async submit(@Args('input', { type: () => SignedStatementInput }, SignedStatementPipe) input: SignedStatement): Promise<CredentialAnswerView> {
      const result = await this.ledger.requestCredential(input);
      if (!result.ok) throw new ProblemsError(result.problems);
      return toCredentialAnswer(result);
    }
  }
  return CredentialResolver;
}

export function decisionResolver(mutation: string): Type<unknown> {
  @Resolver()
  class DecisionResolver {
    constructor(@Inject(LEDGER_PORT) private readonly ledger: LedgerPort) {}

    @Mutation(() => AuthorizeAnswerView, {
      name: mutation,
      nullable: true,
      description: 'Appends a signed `action.request`; returns the decision recorded at the head (a denial when it cannot be recorded).',
    })
    async submit(@Args('input', { type: () => SignedStatementInput }, SignedStatementPipe) input: SignedStatement): Promise<AuthorizeAnswerView> {
      const result = await this.ledger.authorize(input);
      if (!result.ok) throw new ProblemsError(result.problems);
      return toAuthorizeAnswer(result.answer);
    }
  }
  return DecisionResolver;
}

export const ANSWER_RESOLVERS: Readonly<Record<AnswerKind, (mutation: string) => Type<unknown>>> = {
  credential: credentialResolver,
  decision: decisionResolver,
};
