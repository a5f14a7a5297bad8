import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { GRAPHQL_LIMITS, type GraphQLLimits } from './graphql-limits';
import { formatExecutionWithRequestId } from './request-id';
import { maxCostRule, type CostLimits } from './query-cost.rule';
import { maxDepthRule } from './query-depth.rule';
import { checkRequestBody, graphqlRequestHooks } from './request-hooks';
import { subscriptionHooks } from './subscription-hooks';

export const MAX_QUERY_DEPTH = GRAPHQL_LIMITS.maxDepth;
export const QUERY_COST_LIMITS: CostLimits = GRAPHQL_LIMITS.cost;

export function graphqlOptions(limits: GraphQLLimits = GRAPHQL_LIMITS): MercuriusDriverConfig {
  const rules = [maxDepthRule(limits.maxDepth), maxCostRule(limits.cost)];
  return {
    driver: MercuriusDriver,
    path: '/graphql',
    autoSchemaFile: true, // built in memory; schema/schema.graphql is printed from it (print-schema.ts)
    sortSchema: true,
    graphiql: false,
    subscription: true,
    errorFormatter: formatExecutionWithRequestId,
    // Compile a query with graphql-jit once it has run once: clients send the same few
    // mutations over and over, and execution was a visible share of each request.
    jit: 1,
    // Bounded by entries; every document is bounded in size before it is parsed, so the
    // cache is bounded in bytes too (graphql-limits.ts).
    cache: limits.cachedDocuments,
    // An array, not a function of the request, so Mercurius can cache validated queries.
    validationRules: rules,
    hooks: { ...graphqlRequestHooks(limits), ...subscriptionHooks(limits, rules) },
    additionalRouteOptions: { preValidation: checkRequestBody },
  };
}
