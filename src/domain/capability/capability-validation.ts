// Validating untrusted capabilities (already-parsed JSON from a statement body).
// Every bad field is reported with its path, not just the first. Unknown fields are
// refused, not ignored: a misspelled caveat (`maxAmmount`, or `condition` for
// `conditions`) dropped silently would grant more than its author meant.
import { err, joinPath, ok, problem, type Problem, type Result } from '../../errors/problem';
import { CAPABILITY_LIMITS, type Capability, type Conditions, type RateLimit } from './capability.types';
import { parseResourcePattern } from './resource-pattern';

const ACTION = /^[a-z][a-z0-9_.:-]*$/;
const CAPABILITY_FIELDS: readonly string[] = ['resource', 'actions', 'conditions'];
const CONDITION_FIELDS: readonly string[] = ['maxAmount', 'approvalAbove', 'rate'];
const RATE_FIELDS: readonly string[] = ['max', 'perSeconds'];

type JsonRecord = Readonly<Record<string, unknown>>;

const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Own properties only, so nothing is ever read from a prototype. */
const field = (obj: JsonRecord, key: string): unknown =>
  Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;

const toResult = <T>(value: T, problems: readonly Problem[]): Result<T> =>
  problems.length === 0 ? ok(value) : err(problems[0]!, ...problems.slice(1));

/**
 * A non-empty list of capabilities; problems of every element are reported, at
 * `${path}[i].field`. An empty list is refused: a grant must grant something.
 */
export function validateCapabilities(input: unknown, path: string): Result<readonly Capability[]> {
  if (!Array.isArray(input)) return err(problem('capability.malformed', 'capabilities must be a JSON array', path));
  if (input.length === 0) return err(problem('capability.malformed', 'at least one capability is required', path));
  if (input.length > CAPABILITY_LIMITS.maxCapabilities) {
    return err(problem('capability.malformed', `at most ${CAPABILITY_LIMITS.maxCapabilities} capabilities`, path));
  }
  const capabilities: Capability[] = [];
  const problems: Problem[] = [];
  input.forEach((item: unknown, i) => {
    const checked = validateCapability(item, joinPath(path, i));
    if (checked.ok) capabilities.push(checked.value);
    else problems.push(...checked.problems);
  });
  return toResult(capabilities, problems);
}

export function validateCapability(input: unknown, path: string): Result<Capability> {
  if (!isRecord(input)) return err(problem('capability.malformed', 'a capability is a JSON object', path));
  const problems = [
    ...unknownFieldProblems(input, CAPABILITY_FIELDS, path, 'capability.malformed'),
    ...resourceProblems(field(input, 'resource'), joinPath(path, 'resource')),
    ...actionsProblems(field(input, 'actions'), joinPath(path, 'actions')),
    ...conditionsProblems(field(input, 'conditions'), joinPath(path, 'conditions')),
  ];
  return problems.length === 0 ? ok(buildCapability(input)) : err(problems[0]!, ...problems.slice(1));
}

function unknownFieldProblems(
  obj: JsonRecord,
  known: readonly string[],
  path: string,
  code: 'capability.malformed' | 'capability.invalid_conditions',
): Problem[] {
  return Object.keys(obj)
    .filter((key) => !known.includes(key))
    .map((key) => problem(code, `unknown field ${key}; expected one of ${known.join(', ')}`, joinPath(path, key)));
}

function resourceProblems(value: unknown, path: string): Problem[] {
  if (typeof value !== 'string') return [problem('capability.invalid_resource', 'resource must be a string', path)];
  const parsed = parseResourcePattern(value);
  return parsed.ok ? [] : [problem('capability.invalid_resource', parsed.reason, path)];
}

function actionsProblems(value: unknown, path: string): Problem[] {
  const code = 'capability.invalid_actions';
  if (!Array.isArray(value)) return [problem(code, 'actions must be a JSON array of action names', path)];
  if (value.length === 0) return [problem(code, 'at least one action is required', path)];
  if (value.length > CAPABILITY_LIMITS.maxActions) {
    return [problem(code, `at most ${CAPABILITY_LIMITS.maxActions} actions`, path)];
  }
  return value.flatMap((action: unknown, i) => actionProblems(action, value.indexOf(action) < i, joinPath(path, i)));
}

function actionProblems(action: unknown, duplicate: boolean, path: string): Problem[] {
  const code = 'capability.invalid_actions';
  const max = CAPABILITY_LIMITS.maxActionLength;
  if (typeof action !== 'string' || action.length > max || !ACTION.test(action)) {
    return [problem(code, `an action is a name matching ${ACTION.source}, at most ${max} characters`, path)];
  }
  return duplicate ? [problem(code, `duplicate action ${action}`, path)] : [];
}

function conditionsProblems(value: unknown, path: string): Problem[] {
  if (value === undefined) return [];
  if (!isRecord(value)) return [problem('capability.invalid_conditions', 'conditions must be a JSON object', path)];
  return [
    ...unknownFieldProblems(value, CONDITION_FIELDS, path, 'capability.invalid_conditions'),
    ...amountProblems(field(value, 'maxAmount'), joinPath(path, 'maxAmount')),
    ...amountProblems(field(value, 'approvalAbove'), joinPath(path, 'approvalAbove')),
    ...rateProblems(field(value, 'rate'), joinPath(path, 'rate')),
  ];
}

/** Amounts may be fractional (currency), but never negative, NaN or infinite. */
function amountProblems(value: unknown, path: string): Problem[] {
  if (value === undefined) return [];
  const valid = typeof value === 'number' && Number.isFinite(value) && value >= 0;
  return valid ? [] : [problem('capability.invalid_conditions', 'must be a finite number >= 0', path)];
}

function rateProblems(value: unknown, path: string): Problem[] {
  const code = 'capability.invalid_conditions';
  if (value === undefined) return [];
  if (!isRecord(value)) return [problem(code, 'rate must be a JSON object { max, perSeconds }', path)];
  const problems = unknownFieldProblems(value, RATE_FIELDS, path, code);
  if (!isPositiveInteger(field(value, 'max'))) {
    problems.push(problem(code, 'max must be a positive integer', joinPath(path, 'max')));
  }
  // The window is computed in milliseconds, which must stay an exact integer.
  const perSeconds = field(value, 'perSeconds');
  if (!isPositiveInteger(perSeconds) || !Number.isSafeInteger(perSeconds * 1000)) {
    problems.push(problem(code, 'perSeconds must be a positive integer', joinPath(path, 'perSeconds')));
  }
  return problems;
}

const isPositiveInteger = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/** Copies only the known fields, so the value carries nothing that was not validated. */
function buildCapability(input: JsonRecord): Capability {
  const resource = input['resource'] as string;
  const actions = [...(input['actions'] as readonly string[])];
  const conditions = field(input, 'conditions');
  return isRecord(conditions) ? { resource, actions, conditions: buildConditions(conditions) } : { resource, actions };
}

function buildConditions(input: JsonRecord): Conditions {
  const maxAmount = field(input, 'maxAmount') as number | undefined;
  const approvalAbove = field(input, 'approvalAbove') as number | undefined;
  const rate = field(input, 'rate') as RateLimit | undefined;
  return {
    ...(maxAmount === undefined ? {} : { maxAmount }),
    ...(approvalAbove === undefined ? {} : { approvalAbove }),
    ...(rate === undefined ? {} : { rate: { max: rate.max, perSeconds: rate.perSeconds } }),
  };
}
