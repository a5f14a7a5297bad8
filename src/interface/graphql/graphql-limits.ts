// Every bound on what one GraphQL request may make the service do, in one place
// (README.md, Interfaces, lists them). Each is checked before any resolver runs, except
// the time budget, which is what is left once they all hold.
import { DEFAULT_PAGE, MAX_PAGE } from '../../application/queries/pagination';
import type { DocumentLimits } from './document-limits';
import { MAX_STREAM_PAGE } from './events.resolver';
import type { CostLimits } from './query-cost.rule';

export interface GraphQLLimits extends DocumentLimits {
  /** Nested fields (query-depth.rule.ts). */
  readonly maxDepth: number;
  readonly cost: CostLimits;
  /**
   * Documents Mercurius keeps parsed and validated, in each of its two caches (accepted
   * and refused documents). With every document within maxBytes and maxTokens, this
   * bounds the caches in bytes too (see GRAPHQL_LIMITS).
   */
  readonly cachedDocuments: number;
  /** A query (not a mutation) still running after this long is answered with `request.timeout`. */
  readonly queryTimeBudgetMs: number;
  /** Documents larger than this (or with introspection) are not compiled by graphql-jit (request-hooks.ts). */
  readonly maxCompiledTokens: number;
}

/**
 * Worst case of the query caches: a document of 1,000 tokens parses to about 0.4 MB
 * (tokens, nodes and locations; graphql-jit's compiled form on top), so 2 x 64
 * documents stay under about 64 MiB. The service's own documents (the SDK's, an
 * auditor's queries) are a few dozen, far under 64.
 */
export const GRAPHQL_LIMITS: GraphQLLimits = {
  maxBytes: 32 * 1024,
  maxTokens: 1000,
  maxNesting: 32,
  maxAliases: 50,
  maxDepth: 10,
  // A page of 1,000 read-model records with every field (1,000 x 18 with edges and
  // cursors) fits; so does one full page of a stream (1,000 x (5 + 10 for the envelope)).
  // The standard introspection query answers about 5,500 values.
  cost: {
    maxCost: 20_000,
    defaultListSize: 10,
    maxListSize: Math.max(MAX_STREAM_PAGE, MAX_PAGE),
    defaultPageSize: DEFAULT_PAGE,
    maxIntrospection: 10_000,
  },
  cachedDocuments: 64,
  // Longer than a read-your-writes wait (5 s), which answers read_model.behind itself.
  queryTimeBudgetMs: 10_000,
  maxCompiledTokens: 200,
};
