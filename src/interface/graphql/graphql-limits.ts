// Every bound on what one GraphQL request may make the service do, in one place
// (README.md, Interfaces, and docs/architecture.md list them). Each is checked before any resolver runs, except
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
   * Entries of each of Mercurius's two query caches (accepted and refused documents);
   * its LRU keeps up to twice as many (the current and the previous generation).
   */
  readonly cachedDocuments: number;
  /** A query (not a mutation) still running after this long is answered with `request.timeout`. */
  readonly queryTimeBudgetMs: number;
  /** Documents larger than this (or with introspection) are not compiled by graphql-jit (compile-policy.ts). */
  readonly maxCompiledTokens: number;
}

/**
 * The caches are bounded in bytes because every document is: one of 1,000 tokens and
 * 32 KiB parses to at most about 0.45 MB (tokens, nodes and locations), so the two
 * caches hold at most 2 x 2 x 64 x 0.45 MB, about 115 MB. Clients' own documents (the
 * SDK's, an auditor's queries) are a few dozen, under 64.
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
