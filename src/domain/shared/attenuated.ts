// Invariant 1 for grants and credentials: every capability must be covered by one of
// those it is granted from; every capability that is not is reported with its path.
import { err, ok, problem, type Result } from '../../errors/problem';
import { coveredBy, type Capability } from '../capability';

/** Invariant 1, reporting every capability that is wider than what it is granted from. */
export function attenuated(parents: readonly Capability[], children: readonly Capability[], code: 'delegation.not_attenuated' | 'credential.not_attenuated' = 'delegation.not_attenuated'): Result<void> {
  const problems = children.flatMap((c, i) =>
    coveredBy(parents, c) ? [] : [problem(code, 'not covered by any capability it is granted from', `body.capabilities[${i}]`)],
  );
  return problems.length === 0 ? ok(undefined) : err(problems[0]!, ...problems.slice(1));
}
