// Public reads (DESIGN.md, Who may read): the latest checkpoint and the proofs against
// it let anyone check receipts without trusting the service.
import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import {
  LEDGER_PORT,
  type ConsistencyProof,
  type InclusionProof,
  type LedgerPort,
  type SignedCheckpoint,
} from '../../application/ledger/ledger.port';
import { valueOrThrow } from '../problems.error';
import { checkArguments, intArgumentProblem } from './argument-checks';
import { CheckpointView, ConsistencyProofView, InclusionProofView } from './types/proof.types';

// Fields that can be refused are nullable, so a refusal nulls only its own field.
@Resolver()
export class ProofsResolver {
  constructor(@Inject(LEDGER_PORT) private readonly ledger: LedgerPort) {}

  @Query(() => CheckpointView, { description: 'The latest signed checkpoint. Public.' })
  checkpoint(): SignedCheckpoint {
    return this.ledger.latestCheckpoint();
  }

  @Query(() => InclusionProofView, { nullable: true, description: 'Inclusion of a leaf in a tree size (default: latest). Public.' })
  inclusionProof(
    @Args('leafIndex', { type: () => Int }) leafIndex: number,
    @Args('treeSize', { type: () => Int, nullable: true }) treeSize?: number | null,
  ): InclusionProof {
    checkArguments(intArgumentProblem('leafIndex', leafIndex, { min: 0 }), optionalSize('treeSize', treeSize));
    return valueOrThrow(this.ledger.inclusionProof(leafIndex, treeSize ?? undefined));
  }

  @Query(() => ConsistencyProofView, { nullable: true, description: 'Consistency of an older tree size with a newer one. Public.' })
  consistencyProof(
    @Args('fromSize', { type: () => Int }) fromSize: number,
    @Args('toSize', { type: () => Int, nullable: true }) toSize?: number | null,
  ): ConsistencyProof {
    checkArguments(intArgumentProblem('fromSize', fromSize, { min: 0 }), optionalSize('toSize', toSize));
    return valueOrThrow(this.ledger.consistencyProof(fromSize, toSize ?? undefined));
  }
}

function optionalSize(name: string, value: number | null | undefined) {
  return value === null || value === undefined ? undefined : intArgumentProblem(name, value, { min: 0 });
}
