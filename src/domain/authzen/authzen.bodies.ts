// The body of an `authzen.evaluation` statement: one OpenID AuthZEN Authorization API 1.0
// access evaluation request, exactly as the enforcer (a gateway) signed it, with
// Writ's reading of it (docs/authzen.md):
//   subject  { type: "agent", id: <agent id> }          the agent that wants to act
//   action   { name: <Writ action> }
//   resource { type, id }                                a concrete Writ resource URI:
//            type "uri": id is the whole URI; otherwise `<type>://<id>`
//   context  { credential: <compact JWS Writ issued>, amount?, task?, approval_id? }
// Every member is checked and unknown ones are refused with their path (a signed body
// carries nothing unchecked); only `properties` objects are free-form, and bounded.
import { joinPath, problem, type Problem, type Result } from '../../errors/problem';
import { canonicalize, type JsonObject, type JsonValue } from '../../integrity/jcs';
import { parseConcreteResource } from '../capability';
import { amount, finish, has, id, optionalId, readObject, text, withoutUndefined, type Fields } from '../shared/body-reader';

export interface AuthzenEntity {
  readonly type: string;
  readonly id: string;
  readonly properties?: JsonObject;
}

export interface AuthzenAction {
  readonly name: string;
  readonly properties?: JsonObject;
}

export interface AuthzenContext {
  /** The compact JWS Writ issued to the agent (an RFC 9068 access token). */
  readonly credential: string;
  readonly amount?: number;
  /** The task id; by default the credential's `writ_task.id`. */
  readonly task?: string;
  readonly approval_id?: string;
}

export interface AuthzenEvaluationBody {
  readonly subject: AuthzenEntity;
  readonly action: AuthzenAction;
  readonly resource: AuthzenEntity;
  readonly context: AuthzenContext;
}

export type AuthzenPart = keyof AuthzenEvaluationBody;
export const AUTHZEN_PARTS: readonly AuthzenPart[] = ['subject', 'action', 'resource', 'context'];

/** The subject type Writ decides for: its agents. */
export const AGENT_SUBJECT = 'agent';
/** The resource type whose id is a whole Writ resource URI. */
export const URI_RESOURCE = 'uri';
/** Canonical text of one `properties` object, at most: they are recorded with every decision. */
export const MAX_PROPERTIES_CHARS = 4096;
const MAX_TOKEN_CHARS = 8192;
const SCHEME = /^[a-z][a-z0-9+.-]{0,31}$/;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The Writ resource URI an AuthZEN resource names, or undefined when it names none. */
export function resourceUri(type: string, resourceId: string): string | undefined {
  const uri = type === URI_RESOURCE ? resourceId : SCHEME.test(type) ? `${type}://${resourceId}` : undefined;
  return uri !== undefined && parseConcreteResource(uri) !== undefined ? uri : undefined;
}

/** The inverse: the AuthZEN resource for a Writ resource URI (`erp://po/7` -> { type: "erp", id: "po/7" }). */
export function authzenResourceOf(uri: string): { readonly type: string; readonly id: string } {
  const at = uri.indexOf('://');
  return at > 0 && SCHEME.test(uri.slice(0, at)) ? { type: uri.slice(0, at), id: uri.slice(at + 3) } : { type: URI_RESOURCE, id: uri };
}

/** Parses a whole evaluation request: every part present and well formed. */
export function parseAuthzenEvaluation(body: unknown, path = 'body'): Result<AuthzenEvaluationBody> {
  const problems: Problem[] = [];
  const f = readObject(body, path, problems, AUTHZEN_PARTS);
  const parts: Partial<Record<AuthzenPart, unknown>> = {};
  for (const part of AUTHZEN_PARTS) {
    if (has(f, part)) parts[part] = readAuthzenPart(part, f.obj[part], joinPath(path, part), problems);
    else if (typeof body === 'object' && body !== null && !Array.isArray(body)) problems.push(problem('body.invalid', `${part} is required`, joinPath(path, part)));
  }
  return finish(problems, () => parts as unknown as AuthzenEvaluationBody);
}

/** Reads one part (subject, action, resource or context) at `path`, adding what is wrong to `problems`. */
export function readAuthzenPart(part: AuthzenPart, value: unknown, path: string, problems: Problem[]): unknown {
  if (part === 'action') return readAction(value, path, problems);
  if (part === 'context') return readContext(value, path, problems);
  return part === 'subject' ? readSubject(value, path, problems) : readResource(value, path, problems);
}

function readSubject(value: unknown, path: string, problems: Problem[]): AuthzenEntity {
  const f = readObject(value, path, problems, ['type', 'id', 'properties']);
  const type = text(f, 'type', 64);
  if (type !== '' && type !== AGENT_SUBJECT) {
    problems.push(problem('body.invalid', `Writ decides for agents: subject.type must be "${AGENT_SUBJECT}"`, joinPath(path, 'type')));
  }
  return withoutUndefined({ type, id: id(f, 'id'), properties: properties(f) });
}

function readAction(value: unknown, path: string, problems: Problem[]): AuthzenAction {
  const f = readObject(value, path, problems, ['name', 'properties']);
  return withoutUndefined({ name: text(f, 'name', 64), properties: properties(f) });
}

function readResource(value: unknown, path: string, problems: Problem[]): AuthzenEntity {
  const f = readObject(value, path, problems, ['type', 'id', 'properties']);
  const type = text(f, 'type', 64);
  const resourceId = text(f, 'id', 1024);
  if (type !== '' && resourceId !== '' && resourceUri(type, resourceId) === undefined) {
    const what = type === URI_RESOURCE ? 'id must be a concrete resource URI (no wildcards)' : `type and id must form a concrete resource URI <type>://<id> (no wildcards)`;
    problems.push(problem('body.invalid', what, joinPath(path, type === URI_RESOURCE || SCHEME.test(type) ? 'id' : 'type')));
  }
  return withoutUndefined({ type, id: resourceId, properties: properties(f) });
}

function readContext(value: unknown, path: string, problems: Problem[]): AuthzenContext {
  const f = readObject(value, path, problems, ['credential', 'amount', 'task', 'approval_id']);
  const credential = f.obj['credential'];
  const token = typeof credential === 'string' && credential.length <= MAX_TOKEN_CHARS && COMPACT_JWS.test(credential) ? credential : '';
  if (token === '') problems.push(problem('body.invalid', 'credential must be the compact JWS Writ issued to the agent', joinPath(path, 'credential')));
  return withoutUndefined({ credential: token, amount: amount(f, 'amount'), task: optionalId(f, 'task'), approval_id: optionalId(f, 'approval_id') });
}

/** Free-form, but an object and bounded: it is signed and recorded with the decision. */
function properties(f: Fields): JsonObject | undefined {
  const value = f.obj['properties'];
  if (value === undefined) return undefined;
  const path = joinPath(f.path, 'properties');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    f.problems.push(problem('body.invalid', 'properties must be a JSON object', path));
    return undefined;
  }
  if (canonicalize(value as JsonValue).length > MAX_PROPERTIES_CHARS) {
    f.problems.push(problem('body.invalid', `properties must be at most ${MAX_PROPERTIES_CHARS} characters of canonical JSON`, path));
    return undefined;
  }
  return value as JsonObject;
}
