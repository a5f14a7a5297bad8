// An AuthZEN request body as it arrives over HTTP (attacker-controlled text), read into
// the evaluations it asks for. The text is parsed with Writ's strict JSON parser
// (duplicate members, lone surrogates and numbers that do not round-trip are refused),
// because each evaluation becomes the body of a signed statement: one text, one meaning.
// Members are read with the domain's own readers (src/domain/authzen/authzen.bodies.ts),
// so a request refused here is refused for the same reason, at the same path, as the
// domain would refuse it; class-validator (the GraphQL inputs' validation) has no
// equivalent of those paths into free JSON.
//
// `POST /access/v1/evaluations`: top-level subject, action, resource and context are
// defaults; each entry of `evaluations` may replace any of them (a whole member, not a
// merge inside it). Without `evaluations` it is one evaluation, as at `/evaluation`.
import { joinPath, problem, type Problem, type Result } from '../../errors/problem';
import { AUTHZEN_PARTS, readAuthzenPart, type AuthzenPart } from '../../domain/authzen/authzen.bodies';
import { parseJson, type JsonObject, type JsonValue } from '../../integrity/jcs';

export const EVALUATIONS_SEMANTICS = ['execute_all', 'deny_on_first_deny', 'permit_on_first_permit'] as const;
export type EvaluationsSemantic = (typeof EVALUATIONS_SEMANTICS)[number];

/** At most this many evaluations in one request: each is a signed, recorded decision. */
export const MAX_EVALUATIONS = 100;

/** One evaluation: the statement body to sign, and where each of its parts came from. */
export interface ResolvedEvaluation {
  readonly body: JsonObject;
  /** The request path each part was read at (`subject` or `evaluations[1].subject`). */
  readonly paths: Readonly<Record<AuthzenPart, string>>;
}

export interface AuthzenRequest {
  /** True when the request has `evaluations` (the answer is then a list). */
  readonly batch: boolean;
  readonly semantic: EvaluationsSemantic;
  readonly evaluations: readonly ResolvedEvaluation[];
}

/** The one evaluation of `POST /access/v1/evaluation`. */
export function readEvaluationRequest(text: string): Result<AuthzenRequest> {
  return readRequest(text, AUTHZEN_PARTS);
}

/** `POST /access/v1/evaluations`: defaults, entries and options. */
export function readEvaluationsRequest(text: string): Result<AuthzenRequest> {
  return readRequest(text, [...AUTHZEN_PARTS, 'evaluations', 'options']);
}

function readRequest(text: string, allowed: readonly string[]): Result<AuthzenRequest> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const root = parsed.value;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return fail([problem('body.invalid', 'the request is a JSON object', '')]);
  const obj = root as JsonObject;
  const problems: Problem[] = [];
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) problems.push(problem('body.invalid', `unknown field ${key}`, key));
  for (const part of AUTHZEN_PARTS) if (obj[part] !== undefined) readAuthzenPart(part, obj[part], part, problems);
  const semantic = readSemantic(obj['options'], problems);
  const entries = obj['evaluations'];
  const batch = entries !== undefined;
  const evaluations = batch ? readEntries(obj, entries, problems) : [resolve(obj, undefined, -1, problems)];
  return problems.length > 0 ? fail(problems) : { ok: true, value: { batch, semantic, evaluations } };
}

function readEntries(defaults: JsonObject, entries: JsonValue, problems: Problem[]): ResolvedEvaluation[] {
  if (!Array.isArray(entries)) {
    problems.push(problem('body.invalid', 'evaluations must be an array', 'evaluations'));
    return [];
  }
  if (entries.length === 0 || entries.length > MAX_EVALUATIONS) {
    const code = entries.length === 0 ? 'body.invalid' : 'authzen.too_many_evaluations';
    problems.push(problem(code, `evaluations holds 1 to ${MAX_EVALUATIONS} entries`, 'evaluations'));
    return [];
  }
  return entries.map((entry, i) => {
    const path = joinPath('evaluations', i);
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(problem('body.invalid', 'an evaluation is a JSON object', path));
      return resolve(defaults, undefined, i, []);
    }
    const e = entry as JsonObject;
    for (const key of Object.keys(e)) if (!(AUTHZEN_PARTS as readonly string[]).includes(key)) problems.push(problem('body.invalid', `unknown field ${key}`, joinPath(path, key)));
    for (const part of AUTHZEN_PARTS) if (e[part] !== undefined) readAuthzenPart(part, e[part], joinPath(path, part), problems);
    return resolve(defaults, e, i, problems);
  });
}

/** Each part from the entry, else from the defaults; a part found in neither is missing. */
function resolve(defaults: JsonObject, entry: JsonObject | undefined, index: number, problems: Problem[]): ResolvedEvaluation {
  const body: Record<string, JsonValue> = {};
  const paths = {} as Record<AuthzenPart, string>;
  const at = index < 0 ? '' : joinPath('evaluations', index);
  for (const part of AUTHZEN_PARTS) {
    const own = entry?.[part];
    const value = own ?? defaults[part];
    paths[part] = own !== undefined ? joinPath(at, part) : part;
    if (value !== undefined) body[part] = value;
    else problems.push(problem('body.invalid', `${part} is required${index < 0 ? '' : ' (in the evaluation or as a default)'}`, joinPath(at, part)));
  }
  return { body: body as JsonObject, paths };
}

function readSemantic(options: JsonValue | undefined, problems: Problem[]): EvaluationsSemantic {
  if (options === undefined) return 'execute_all';
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    problems.push(problem('body.invalid', 'options must be a JSON object', 'options'));
    return 'execute_all';
  }
  const o = options as JsonObject;
  for (const key of Object.keys(o)) if (key !== 'evaluations_semantic') problems.push(problem('body.invalid', `unknown field ${key}`, joinPath('options', key)));
  const semantic = o['evaluations_semantic'];
  if (semantic === undefined) return 'execute_all';
  if (typeof semantic === 'string' && (EVALUATIONS_SEMANTICS as readonly string[]).includes(semantic)) return semantic as EvaluationsSemantic;
  problems.push(problem('body.invalid', `evaluations_semantic must be one of ${EVALUATIONS_SEMANTICS.join(', ')}`, 'options.evaluations_semantic'));
  return 'execute_all';
}

const fail = (problems: Problem[]): Result<never> => ({ ok: false, problems: [problems[0]!, ...problems.slice(1)] });
