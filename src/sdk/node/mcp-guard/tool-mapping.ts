// How an MCP tool call becomes a Writ request (docs/mcp-guard.md, "Mapping tools"), and
// whether a credential's capabilities reach a tool at all. Pure: no I/O, no clock.
//
// - action: the tool's name (as the upstream server names it), or the mapping's `action`.
// - resource: `mcp://<server>/<tool>`; or a template whose `{argument}` segments are
//   filled from the call's arguments (`crm://customers/{customerId}`); or the whole
//   value of one argument (`resourceArgument`).
// - amount: the value of the argument the mapping names, which must then be present:
//   Writ judges a request without an amount as amount 0, so a call that leaves it out
//   must not slip past a maxAmount.
// A call whose arguments cannot form the request is refused here (`mcp.bad_arguments`):
// like a malformed statement, it is never decided, so it is not recorded either.
import { err, ok, problem, type Problem, type Result } from '../../../errors/problem';
import { parseConcreteResource, type Capability } from '../../../domain/capability';
import { patternsOverlap } from '../../../domain/capability/pattern-overlap';

export interface ToolMapping {
  readonly action?: string;
  readonly resource?: string;
  readonly resourceArgument?: string;
  readonly amount?: string;
}

export interface ToolRequest {
  readonly action: string;
  readonly resource: string;
  readonly amount?: number;
}

const PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const ARGUMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_ACTION = 64;

/** Reads one mapping from the configuration; `path` names it in problems. */
export function parseToolMapping(v: unknown, path: string): Result<ToolMapping> {
  const bad = (field: string, message: string): Problem => problem('mcp.config_invalid', message, `${path}.${field}`);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return err(problem('mcp.config_invalid', 'a tool mapping is an object', path));
  const m = v as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const key of Object.keys(m)) if (!['action', 'resource', 'resourceArgument', 'amount'].includes(key)) problems.push(bad(key, `unknown field ${key}`));
  const action = m['action'];
  if (action !== undefined && !(typeof action === 'string' && action.length > 0 && action.length <= MAX_ACTION)) problems.push(bad('action', `action is 1 to ${MAX_ACTION} characters`));
  if (m['resource'] !== undefined && m['resourceArgument'] !== undefined) problems.push(bad('resource', 'name either resource (a template) or resourceArgument, not both'));
  const resource = m['resource'];
  if (resource !== undefined && (typeof resource !== 'string' || parseConcreteResource(filled(resource, 'x')) === undefined)) {
    problems.push(bad('resource', 'resource is a concrete resource whose {argument} placeholders are whole segments, e.g. crm://customers/{customerId}'));
  }
  for (const key of ['resourceArgument', 'amount']) {
    if (m[key] !== undefined && !(typeof m[key] === 'string' && ARGUMENT.test(m[key] as string))) problems.push(bad(key, `${key} is the name of an argument, [A-Za-z_][A-Za-z0-9_]*`));
  }
  if (problems.length > 0) return err(...(problems as [Problem, ...Problem[]]));
  return ok(m as ToolMapping);
}

/** The Writ request a call stands for, or why its arguments cannot form one. */
export function requestFor(server: string, tool: string, args: Readonly<Record<string, unknown>>, mapping: ToolMapping = {}): Result<ToolRequest> {
  const resource = resourceOf(server, tool, args, mapping);
  if (!resource.ok) return resource;
  const request = { action: mapping.action ?? tool, resource: resource.value };
  if (mapping.amount === undefined) return ok(request);
  const amount = args[mapping.amount];
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    return err(badArgument(mapping.amount, 'a number of at least 0 (the amount Writ judges this call by)'));
  }
  return ok({ ...request, amount });
}

function resourceOf(server: string, tool: string, args: Readonly<Record<string, unknown>>, mapping: ToolMapping): Result<string> {
  if (mapping.resourceArgument !== undefined) {
    const value = args[mapping.resourceArgument];
    if (typeof value === 'string' && parseConcreteResource(value) !== undefined) return ok(value);
    return err(badArgument(mapping.resourceArgument, 'a concrete resource URI (scheme://segment/..., no wildcards)'));
  }
  if (mapping.resource === undefined) return ok(`mcp://${server}/${tool}`);
  const segments: string[] = [];
  for (const segment of mapping.resource.split('/')) {
    const name = PLACEHOLDER.exec(segment)?.[1];
    if (name === undefined) {
      segments.push(segment);
      continue;
    }
    const value = args[name];
    const text = typeof value === 'string' ? value : Number.isSafeInteger(value) ? String(value) : undefined;
    if (text === undefined || text.includes('/')) return err(badArgument(name, 'a string or integer that fills one resource segment'));
    segments.push(text);
  }
  const resource = segments.join('/');
  // Wildcards, dot segments and percent-encoding in a value are refused here, as Writ would.
  if (parseConcreteResource(resource) === undefined) return err(problem('mcp.bad_arguments', `the arguments make ${JSON.stringify(resource)}, which is not a concrete resource`, 'arguments'));
  return ok(resource);
}

/**
 * True if some call of the tool could be allowed under these capabilities: one of them
 * names its action and reaches a resource the tool can name. Conditions are left to the
 * decision (a maxAmount never hides a tool).
 */
export function toolReachable(capabilities: readonly Capability[], server: string, tool: string, mapping: ToolMapping = {}): boolean {
  const action = mapping.action ?? tool;
  const pattern = mapping.resourceArgument !== undefined ? undefined : mapping.resource === undefined ? `mcp://${server}/${tool}` : templatePattern(mapping.resource);
  return capabilities.some((c) => c.actions.includes(action) && (pattern === undefined || patternsOverlap(c.resource, pattern)));
}

/** The template with each placeholder segment as `*`: the resources its calls can name. */
const templatePattern = (template: string): string => filled(template, '*');

function filled(template: string, value: string): string {
  return template
    .split('/')
    .map((s) => (PLACEHOLDER.test(s) ? value : s))
    .join('/');
}

const badArgument = (name: string, what: string): Problem => problem('mcp.bad_arguments', `argument ${name} must be ${what}`, `arguments.${name}`);
