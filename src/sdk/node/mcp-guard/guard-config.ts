// The MCP guard's configuration (docs/mcp-guard.md): which Writ service and ledger to ask,
// as which agent, under which credential, in front of which MCP servers, and how a tool
// call becomes a Writ request. Read from untrusted JSON: every bad field is reported with
// its path, and nothing is started on a bad file.
import { err, ok, problem, type Problem, type Result } from '../../../errors/problem';
import { parseToolMapping, type ToolMapping } from './tool-mapping';

export interface StdioServer {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Added in front of this server's tool names as the agent sees them (not to the Writ action). */
  readonly toolPrefix: string;
}

export interface HttpServer {
  readonly name: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly toolPrefix: string;
}

export type UpstreamServer = StdioServer | HttpServer;

export interface McpGuardConfig {
  /** The Writ service's base URL or its GraphQL endpoint. */
  readonly service: string;
  readonly ledgerId: string;
  /** The agent's key file (the guard signs every request with it); or `keys` in the library. */
  readonly keyFile?: string;
  /** The agent's principal id; the key file's `id` when absent. */
  readonly agentId?: string;
  /** Request credentials under this delegation (renewed before they expire)... */
  readonly delegationId?: string;
  readonly credentialTtlSeconds?: number;
  readonly audience?: string;
  /** ...or present this already issued credential (a compact JWS), never renewed. */
  readonly credential?: string;
  readonly credentialFile?: string;
  /** The task every request names; the credential's `writ_task.id` when absent. */
  readonly taskId?: string;
  readonly servers: readonly UpstreamServer[];
  /** Keyed by `<server>/<tool>` or by a tool name (any server); the first wins. */
  readonly tools: Readonly<Record<string, ToolMapping>>;
}

/** The configuration as written (the JSON file's shape); parseGuardConfig checks it. */
export interface McpGuardConfigFile {
  readonly service: string;
  readonly ledgerId: string;
  readonly keyFile?: string;
  readonly agentId?: string;
  readonly delegationId?: string;
  readonly credentialTtlSeconds?: number;
  readonly audience?: string;
  readonly credential?: string;
  readonly credentialFile?: string;
  readonly taskId?: string;
  readonly servers: Readonly<Record<string, UpstreamServerFile>>;
  readonly tools?: Readonly<Record<string, ToolMapping>>;
}

export interface UpstreamServerFile {
  readonly command?: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly url?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly toolPrefix?: string;
}

const TOP_KEYS = ['service', 'ledgerId', 'keyFile', 'agentId', 'delegationId', 'credentialTtlSeconds', 'audience', 'credential', 'credentialFile', 'taskId', 'servers', 'tools'];
/** A server name is one segment of an `mcp://<server>/<tool>` resource. */
const SERVER_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const ID = /^[A-Za-z0-9._:-]{1,128}$/;

const bad = (path: string, message: string): Problem => problem('mcp.config_invalid', message, path);

/** Validates a parsed configuration; every problem has the path of its field. */
export function parseGuardConfig(input: unknown): Result<McpGuardConfig> {
  const problems: Problem[] = [];
  if (!isObject(input)) return err(bad('', 'the configuration is a JSON object'));
  for (const key of Object.keys(input)) if (!TOP_KEYS.includes(key)) problems.push(bad(key, `unknown field ${key}`));
  const str = (key: string, required: boolean, pattern?: RegExp): string | undefined => {
    const v = input[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v === '' || (pattern !== undefined && !pattern.test(v))) {
      problems.push(bad(key, pattern ? `${key} must match ${pattern.source}` : `${key} must be a non-empty string`));
      return undefined;
    }
    return v;
  };
  const service = str('service', true);
  if (service !== undefined && !/^https?:\/\/[^\s]+$/.test(service)) problems.push(bad('service', 'service must be an http(s) URL'));
  const ttl = input['credentialTtlSeconds'];
  if (ttl !== undefined && !(Number.isInteger(ttl) && (ttl as number) >= 1)) problems.push(bad('credentialTtlSeconds', 'credentialTtlSeconds must be a positive integer'));
  const config = withoutUndefined({
    service: service ?? '',
    ledgerId: str('ledgerId', true, ID) ?? '',
    keyFile: str('keyFile', false),
    agentId: str('agentId', false, ID),
    delegationId: str('delegationId', false, ID),
    credentialTtlSeconds: typeof ttl === 'number' ? ttl : undefined,
    audience: str('audience', false),
    credential: str('credential', false),
    credentialFile: str('credentialFile', false),
    taskId: str('taskId', false, ID),
    servers: servers(input['servers'], problems),
    tools: tools(input['tools'], problems),
  });
  const sources = ['delegationId', 'credential', 'credentialFile'].filter((k) => input[k] !== undefined);
  if (sources.length !== 1) problems.push(bad('delegationId', 'name exactly one of delegationId (request credentials), credential or credentialFile (an issued one)'));
  if (input['delegationId'] !== undefined && input['taskId'] === undefined) problems.push(bad('taskId', 'a credential requested under delegationId is for a task: name taskId'));
  if (problems.length > 0) return err(...(problems as [Problem, ...Problem[]]));
  return ok(config as McpGuardConfig);
}

function servers(v: unknown, problems: Problem[]): UpstreamServer[] {
  if (!isObject(v) || Object.keys(v).length === 0) {
    problems.push(bad('servers', 'servers is an object of at least one server: { "<name>": { "command": ... } or { "url": ... } }'));
    return [];
  }
  return Object.entries(v).flatMap(([name, s]) => {
    const path = `servers.${name}`;
    if (!SERVER_NAME.test(name)) problems.push(bad(path, 'a server name is 1 to 63 of [a-z0-9._-], starting with a letter or digit'));
    const server = upstream(name, s, path, problems);
    return server === undefined ? [] : [server];
  });
}

function upstream(name: string, s: unknown, path: string, problems: Problem[]): UpstreamServer | undefined {
  if (!isObject(s)) return void problems.push(bad(path, 'a server is an object'));
  const known = ['command', 'args', 'env', 'cwd', 'url', 'headers', 'toolPrefix'];
  for (const key of Object.keys(s)) if (!known.includes(key)) problems.push(bad(`${path}.${key}`, `unknown field ${key}`));
  const toolPrefix = s['toolPrefix'] ?? '';
  if (typeof toolPrefix !== 'string' || !/^[A-Za-z0-9_.-]*$/.test(toolPrefix)) problems.push(bad(`${path}.toolPrefix`, 'toolPrefix is [A-Za-z0-9_.-]*'));
  if ((s['command'] === undefined) === (s['url'] === undefined)) return void problems.push(bad(path, 'a server has either command (stdio) or url (Streamable HTTP)'));
  if (s['url'] !== undefined) {
    if (typeof s['url'] !== 'string' || !/^https?:\/\/\S+$/.test(s['url'])) problems.push(bad(`${path}.url`, 'url must be an http(s) URL'));
    const headers = stringMap(s['headers'], `${path}.headers`, problems);
    return withoutUndefined({ name, url: String(s['url']), headers, toolPrefix: String(toolPrefix) }) as HttpServer;
  }
  if (typeof s['command'] !== 'string' || s['command'] === '') problems.push(bad(`${path}.command`, 'command must be a non-empty string'));
  const args = s['args'] ?? [];
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) problems.push(bad(`${path}.args`, 'args must be an array of strings'));
  if (s['cwd'] !== undefined && typeof s['cwd'] !== 'string') problems.push(bad(`${path}.cwd`, 'cwd must be a string'));
  const env = stringMap(s['env'], `${path}.env`, problems);
  return withoutUndefined({ name, command: String(s['command']), args: Array.isArray(args) ? args.map(String) : [], env, cwd: s['cwd'] as string | undefined, toolPrefix: String(toolPrefix) }) as StdioServer;
}

function tools(v: unknown, problems: Problem[]): Record<string, ToolMapping> {
  if (v === undefined) return {};
  if (!isObject(v)) return (problems.push(bad('tools', 'tools is an object keyed by tool name or <server>/<tool>')), {});
  const out: Record<string, ToolMapping> = {};
  for (const [key, m] of Object.entries(v)) {
    const mapping = parseToolMapping(m, `tools.${key}`);
    if (mapping.ok) out[key] = mapping.value;
    else problems.push(...mapping.problems);
  }
  return out;
}

function stringMap(v: unknown, path: string, problems: Problem[]): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (isObject(v) && Object.values(v).every((x) => typeof x === 'string')) return v as Record<string, string>;
  problems.push(bad(path, 'an object of strings'));
  return undefined;
}

export const isUpstreamHttp = (s: UpstreamServer): s is HttpServer => 'url' in s;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
