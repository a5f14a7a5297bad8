import type { Type } from '@nestjs/common';
import { BatchResolver } from './batch.resolver';
import { EventsResolver } from './events.resolver';
import { EvidenceResolver } from './evidence.resolver';
import { ProofsResolver } from './proofs.resolver';
import { STATEMENT_MUTATION_RESOLVERS } from './statement-mutation.resolver';
import { READ_MODEL_RESOLVERS } from './read-models';

/** Every resolver of the served schema: the module registers them, print-schema reads them. */
export const GRAPHQL_RESOLVERS: readonly Type<unknown>[] = [
  ...STATEMENT_MUTATION_RESOLVERS,
  BatchResolver,
  ProofsResolver,
  EventsResolver,
  EvidenceResolver,
  ...READ_MODEL_RESOLVERS,
];
