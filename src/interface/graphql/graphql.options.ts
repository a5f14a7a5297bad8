import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { formatExecution } from './error-formatter';
import { MAX_STREAM_PAGE } from './events.resolver';
import { maxCostRule, type CostLimits } from './query-cost.rule';
import { maxDepthRule } from './query-depth.rule';

export const MAX_QUERY_DEPTH = 10;

/** One full page of a stream (1 + 1000 x 6 fields) fits; two do not. */
export const QUERY_COST_LIMITS: CostLimits = { maxCost: 10_000, defaultListSize: 10, maxListSize: MAX_STREAM_PAGE };

export function graphqlOptions(): MercuriusDriverConfig {
  return {
    driver: MercuriusDriver,
    path: '/graphql',
    autoSchemaFile: true, // built in memory; schema/schema.graphql is printed from it (print-schema.ts)
    sortSchema: true,
    graphiql: false,
    subscription: true,
    errorFormatter: formatExecution,
    // Compile a query with graphql-jit once it has run once: clients send the same few
    // mutations over and over, and execution was a visible share of each request.
    jit: 1,
    // An array, not a function of the request, so Mercurius can cache validated queries.
    validationRules: [maxDepthRule(MAX_QUERY_DEPTH), maxCostRule(QUERY_COST_LIMITS)],
  };
}
