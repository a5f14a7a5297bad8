// `evidence(of, asOf)`: one evidence bundle (docs/evidence-bundle.md) for a decision, a
// credential, a delegation or an agent, as the JSON file `writ verify-bundle` and the
// SDK's verifyBundle check offline. Admins and auditors, like `event`.
import { Inject, UseGuards } from '@nestjs/common';
import { Args, Field, InputType, Int, Query, Resolver } from '@nestjs/graphql';
import type { EvidenceTarget } from '../../application/evidence/build-bundle';
import { LEDGER_PORT, type LedgerPort } from '../../application/ledger/ledger.port';
import { problem } from '../../errors/problem';
import { ReadableBy, ReadGuard } from '../auth/read.guard';
import { ProblemsError } from '../problems.error';
import { checkArguments, intArgumentProblem } from './argument-checks';
import { JsonScalar } from './types/json.scalar';

const MAX_ID = 512;

@InputType({ description: 'What an evidence bundle is about: exactly one field.' })
export class EvidenceSubjectInput {
  @Field({ nullable: true, description: 'A recorded decision: its global position (digits) or its request id.' })
  decision?: string;
  @Field({ nullable: true })
  credential?: string;
  @Field({ nullable: true })
  delegation?: string;
  @Field({ nullable: true })
  agent?: string;
}

@Resolver()
@UseGuards(ReadGuard)
@ReadableBy('admin', 'auditor')
export class EvidenceResolver {
  constructor(@Inject(LEDGER_PORT) private readonly ledger: LedgerPort) {}

  @Query(() => JsonScalar, {
    nullable: true,
    description:
      'An evidence bundle (format writ-evidence-bundle, version 1): the subject, every event its chain rests on with inclusion proofs to one signed checkpoint, and a state map proof per entity. Against the latest checkpoint, or with asOf (a global position) the first recorded checkpoint covering it and the subject. Admins and auditors.',
  })
  async evidence(@Args('of', { type: () => EvidenceSubjectInput }) of: EvidenceSubjectInput, @Args('asOf', { type: () => Int, nullable: true }) asOf?: number | null): Promise<unknown> {
    if (asOf !== undefined && asOf !== null) checkArguments(intArgumentProblem('asOf', asOf, { min: 0 }));
    const built = await this.ledger.evidence(targetOf(of), asOf ?? undefined);
    if (!built.ok) throw new ProblemsError(built.problems);
    return built.value;
  }
}

/** Exactly one subject, each id bounded; a decision in digits is a position. */
export function targetOf(of: EvidenceSubjectInput): EvidenceTarget {
  const given = (['decision', 'credential', 'delegation', 'agent'] as const).filter((k) => of[k] !== undefined && of[k] !== null);
  if (given.length !== 1) throw new ProblemsError([problem('input.invalid', 'give exactly one of decision, credential, delegation, agent', 'of')]);
  const kind = given[0]!;
  const id = of[kind]!;
  if (id.length < 1 || id.length > MAX_ID) throw new ProblemsError([problem('input.invalid', `of.${kind} must be 1 to ${MAX_ID} characters long`, `of.${kind}`)]);
  if (kind !== 'decision') return { [kind]: id } as EvidenceTarget;
  return { decision: /^\d{1,15}$/.test(id) ? Number(id) : id };
}
