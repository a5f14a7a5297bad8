import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { DEFAULT_PAGE, MAX_PAGE } from '../../application/queries/pagination';
import { formatExecutionWithRequestId } from './request-id';
import { MAX_STREAM_PAGE } from './events.resolver';
import { maxCostRule, type CostLimits } from './query-cost.rule';
import { maxDepthRule } from './query-depth.rule';

export const MAX_QUERY_DEPTH = 10;

/**
 * One full page of a stream (1 + 1000 x 6 fields) fits; two do not. A read model's
 * connection is counted at its page size (`first`, 50 when omitted), so a full page of
 * 1,000 fits with a handful of fields and a richer selection needs smaller pages.
 */
export const QUERY_COST_LIMITS: CostLimits = {
  maxCost: 10_000,
  defaultListSize: 10,
  maxListSize: Math.max(MAX_STREAM_PAGE, MAX_PAGE),
  defaultPageSize: DEFAULT_PAGE,
};

export function graphqlOptions(): MercuriusDriverConfig {
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
    // An array, not a function of the request, so Mercurius can cache validated queries.
    validationRules: [maxDepthRule(MAX_QUERY_DEPTH), maxCostRule(QUERY_COST_LIMITS)],
  };
}
