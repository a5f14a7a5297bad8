// Parsing statement text from the API: it must be canonical JSON, the statement's
// envelope fields must be well formed, and it must be meant for this ledger. The
// body is left to the domain, which knows each type's fields.
import { err, joinPath, ok, problem, type Problem, type Result } from '../../errors/problem';
import { parseCanonical, type JsonValue } from '../jcs';
import { STATEMENT_VERSION, type Statement } from './statement.types';

const FIELDS = ['v', 'ledgerId', 'type', 'actor', 'nonce', 'issuedAt', 'body'] as const;
const TYPE_PATTERN = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const NONCE_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;
const TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export interface ParsedStatement {
  readonly statement: Statement;
  /** The exact canonical text, kept because it is what the signature covers. */
  readonly text: string;
}

/** Parses untrusted statement text; `ledgerId` is the ledger this service runs. */
export function parseStatement(text: string, ledgerId: string): Result<ParsedStatement> {
  const parsed = parseCanonical(text);
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map(asStatementProblem) as [Problem, ...Problem[]] };
  const problems = shapeProblems(parsed.value);
  if (problems.length > 0) return err(problems[0]!, ...problems.slice(1));
  const statement = parsed.value as unknown as Statement;
  if (statement.ledgerId !== ledgerId) {
    return err(problem('statement.wrong_ledger', `statement is for ledger ${statement.ledgerId}, not ${ledgerId}`, 'ledgerId'));
  }
  return ok({ statement, text });
}

/** Canonical-form refusals keep their own code; other JSON errors say where they are. */
function asStatementProblem(p: Problem): Problem {
  return p.code === 'json.not_canonical'
    ? problem('statement.not_canonical', `statement text is not RFC 8785 canonical JSON: ${p.message}`, p.path, p.details)
    : p;
}

function shapeProblems(value: JsonValue): Problem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [problem('statement.malformed', 'a statement is a JSON object', '')];
  }
  const obj = value as Record<string, JsonValue>;
  const problems: Problem[] = [];
  for (const key of Object.keys(obj)) {
    if (!(FIELDS as readonly string[]).includes(key)) problems.push(problem('statement.malformed', `unknown field ${key}`, key));
  }
  if (obj.v !== STATEMENT_VERSION) {
    const code = obj.v === undefined ? 'statement.malformed' : 'statement.unsupported_version';
    problems.push(problem(code, `v must be ${STATEMENT_VERSION}`, 'v'));
  }
  problems.push(...fieldProblems(obj));
  return problems;
}

function fieldProblems(obj: Record<string, JsonValue>): Problem[] {
  const checks: [string, RegExp, string][] = [
    ['ledgerId', ID_PATTERN, 'an id'],
    ['type', TYPE_PATTERN, 'a dotted statement type such as delegation.granted'],
    ['actor', ID_PATTERN, 'a principal id'],
    ['nonce', NONCE_PATTERN, '8 to 128 characters of [A-Za-z0-9._:-]'],
    ['issuedAt', TIME_PATTERN, 'an RFC 3339 UTC time with milliseconds'],
  ];
  const problems: Problem[] = [];
  for (const [field, pattern, what] of checks) {
    const v = obj[field];
    if (typeof v !== 'string' || !pattern.test(v) || (field === 'issuedAt' && !validInstant(v))) {
      problems.push(problem('statement.malformed', `${field} must be ${what}`, joinPath('', field)));
    }
  }
  const body = obj.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    problems.push(problem('statement.malformed', 'body must be a JSON object', 'body'));
  }
  return problems;
}

/** True for a real instant written exactly as Date#toISOString writes it. */
export function validInstant(text: string): boolean {
  const ms = Date.parse(text);
  return Number.isFinite(ms) && new Date(ms).toISOString() === text;
}
