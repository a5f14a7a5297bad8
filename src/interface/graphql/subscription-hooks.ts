// Mercurius runs a subscription sent over graphql-ws without validating it at all, and
// with none of the hooks of requests over HTTP (request-hooks.ts). These hooks give it
// the same bounds and the same validation; a refusal reaches the client as the
// subscription's error, with its code in `extensions`.
import { GraphQLError, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { aliasProblem, sourceProblem } from './document-limits';
import type { GraphQLLimits } from './graphql-limits';
import { RefusedRequest } from './refused-request';

export function subscriptionHooks(limits: GraphQLLimits, rules: readonly ValidationRule[]) {
  const allRules = [...specifiedRules, ...rules];
  return {
    // Mercurius has parsed the text already; a WebSocket message is at most 1 MiB.
    preSubscriptionParsing(_schema: GraphQLSchema, source: string): void {
      const broken = sourceProblem(source, limits);
      if (broken) throw new RefusedRequest(broken.code, broken.message, 400, broken.details);
    },
    preSubscriptionExecution(schema: GraphQLSchema, document: DocumentNode): void {
      const aliases = aliasProblem(document, limits);
      if (aliases) throw new RefusedRequest(aliases.code, aliases.message, 400, aliases.details);
      const [first] = validate(schema, document, allRules);
      if (first === undefined) return;
      if (typeof first.extensions['code'] === 'string') throw first;
      throw new GraphQLError(first.message, { nodes: first.nodes, extensions: { code: 'query.invalid', path: '' } });
    },
  };
}
