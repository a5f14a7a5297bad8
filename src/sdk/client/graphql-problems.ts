// GraphQL errors as Problems. The service's error formatter (src/interface/graphql/
// error-formatter.ts) writes one error per refusal with the first problem's code, path
// and details in `extensions`, and all of its problems in `extensions.problems`. An
// error without a code is not a refusal but a request some server could not run,
// reported as sdk.graphql_error. Codes this SDK does not know (a newer server) keep
// their text in details.code under sdk.unknown_code: the union stays closed, nothing is lost.
import { ERROR_CODES, type ErrorCode } from '../../errors/codes';
import { problem, type Problem } from '../../errors/problem';

const known: ReadonlySet<string> = new Set(ERROR_CODES);

interface GraphQLErrorShape {
  readonly message?: unknown;
  readonly extensions?: {
    readonly code?: unknown;
    readonly path?: unknown;
    readonly details?: unknown;
    readonly problems?: unknown;
  };
}

export function problemsOf(errors: unknown): Problem[] {
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e: unknown) => problemsOfError((typeof e === 'object' && e !== null ? e : {}) as GraphQLErrorShape));
}

function problemsOfError(error: GraphQLErrorShape): Problem[] {
  const ext = error.extensions ?? {};
  if (Array.isArray(ext.problems) && ext.problems.length > 0) {
    return ext.problems.map((p: unknown) => toProblem(isRecord(p) ? p : {}));
  }
  return [toProblem({ code: ext.code, message: error.message, path: ext.path, details: ext.details })];
}

/** A problem as the service writes it (in extensions, or a batch item's `errors`), checked. */
export function toProblem(raw: { code?: unknown; message?: unknown; path?: unknown; details?: unknown }): Problem {
  const message = typeof raw.message === 'string' ? raw.message : 'GraphQL error';
  const path = typeof raw.path === 'string' ? raw.path : '';
  const details = isRecord(raw.details) ? raw.details : undefined;
  if (typeof raw.code !== 'string') return problem('sdk.graphql_error', message, path, details);
  if (known.has(raw.code)) return problem(raw.code as ErrorCode, message, path, details);
  return problem('sdk.unknown_code', message, path, { ...details, code: raw.code });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
