// The MCP tool-call guard (docs/mcp-guard.md): an MCP server to the agent and an MCP
// client to the real servers. Every `tools/call` is an agent-signed `action.request`
// that Writ decides and records before anything is forwarded; whatever is not an
// allowed decision (a denial, approval_required, no answer) becomes a tool error and the
// server never sees the call. `tools/list` shows the tools the credential reaches.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolRequest, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Readable, Writable } from 'node:stream';
import { err, ok, problem, type Problem, type Result } from '../../../errors/problem';
import { importKeys, sign, statements, uuidv7, WritClient, type AuthorizeAnswer, type FetchLike, type WritKeys } from '../../index';
import { nodeHttpFetch } from '../http-fetch';
import { issuedCredential, requestedCredentials, type CredentialSource } from './credential-source';
import { parseGuardConfig, type McpGuardConfig, type McpGuardConfigFile } from './guard-config';
import { serveHttp, type HttpListenOptions, type HttpListening } from './http-serve';
import { requestFor, toolReachable, type ToolMapping } from './tool-mapping';
import { GUARD_INFO, Upstreams, type RoutedTool } from './upstreams';

/** The configuration file's fields (docs/mcp-guard.md), and what only a program can pass. */
export interface McpGuardOptions extends McpGuardConfigFile {
  /** The agent's keys, instead of `keyFile`. */
  readonly keys?: WritKeys;
  /** The transport to Writ; `nodeHttpFetch()` by default. */
  readonly fetch?: FetchLike;
  /** One line per decision and per upstream problem; stderr by default. */
  readonly log?: (line: string) => void;
  /** Relative file names in the options are read from here; the working directory by default. */
  readonly baseDir?: string;
}

export interface McpGuard {
  /** The tools the credential reaches, as the agent sees them. */
  listTools(): Promise<Tool[]>;
  /** Decides the call with Writ, then forwards it, or answers with a tool error. */
  callTool(params: CallToolRequest['params']): Promise<CallToolResult>;
  /** A new MCP server (one per agent connection) answering from this guard. */
  mcpServer(): Server;
  /** Serves one agent over stdio until its input ends. */
  serveStdio(input?: Readable, output?: Writable): Promise<void>;
  /** Serves agents over Streamable HTTP. */
  serveHttp(options?: HttpListenOptions): Promise<HttpListening>;
  /** Closes the connections to the MCP servers (stops spawned ones). */
  close(): Promise<void>;
}

/** Checks the options, loads the agent's key, connects to every MCP server. */
export async function createMcpGuard(options: McpGuardOptions): Promise<Result<McpGuard>> {
  const { keys, fetch, log = (line: string) => process.stderr.write(`mcp-guard: ${line}\n`), baseDir = process.cwd(), ...json } = options;
  const config = parseGuardConfig(json);
  if (!config.ok) return config;
  const agent = loadAgent(config.value, keys, baseDir);
  if (!agent.ok) return agent;
  const client = new WritClient({ url: config.value.service, ledgerId: config.value.ledgerId, fetch: fetch ?? nodeHttpFetch(), timeoutMs: 10_000 });
  const credentials = credentialSource(config.value, client, agent.value, baseDir);
  if (!credentials.ok) return credentials;
  const upstreams = await Upstreams.connect(config.value.servers, log);
  if (!upstreams.ok) return upstreams;
  return ok(new Guard(config.value, client, agent.value, credentials.value, upstreams.value, log));
}

interface Agent {
  readonly id: string;
  readonly keys: WritKeys;
}

const configProblem = (path: string, message: string): Problem => problem('mcp.config_invalid', message, path);

function loadAgent(config: McpGuardConfig, given: WritKeys | undefined, baseDir: string): Result<Agent> {
  let keys = given;
  if (keys === undefined) {
    if (config.keyFile === undefined) return err(configProblem('keyFile', 'name the agent key file (keyFile)'));
    const text = readText(resolve(baseDir, config.keyFile));
    const imported = text === undefined ? undefined : importKeys(text);
    if (!imported?.ok) return err(configProblem('keyFile', `${config.keyFile} is not a readable Writ key file`));
    keys = imported.value;
  }
  const id = config.agentId ?? keys.id;
  if (id === undefined) return err(configProblem('agentId', 'the key file names no principal: give agentId'));
  return ok({ id, keys });
}

function credentialSource(config: McpGuardConfig, client: WritClient, agent: Agent, baseDir: string): Result<CredentialSource> {
  if (config.delegationId !== undefined) {
    const { delegationId, taskId, credentialTtlSeconds: ttlSeconds, audience } = config;
    return ok(requestedCredentials({ client, keys: agent.keys, agentId: agent.id, delegationId, taskId: taskId!, ...(ttlSeconds === undefined ? {} : { ttlSeconds }), ...(audience === undefined ? {} : { audience }) }));
  }
  const token = config.credential ?? readText(resolve(baseDir, config.credentialFile!))?.trim();
  if (token === undefined) return err(configProblem('credentialFile', `${config.credentialFile} cannot be read`));
  return ok(issuedCredential(token));
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

class Guard implements McpGuard {
  constructor(
    private readonly config: McpGuardConfig,
    private readonly client: WritClient,
    private readonly agent: Agent,
    private readonly credentials: CredentialSource,
    private readonly upstreams: Upstreams,
    private readonly log: (line: string) => void,
  ) {}

  async listTools(): Promise<Tool[]> {
    const listed = await this.upstreams.refresh();
    if (!listed.ok) {
      this.log(listed.problems[0].message);
      return [];
    }
    const credential = await this.credentials.current();
    // An expired credential reaches nothing; calls are still decided (and recorded) by Writ.
    if (!credential.ok || credential.value.claims.expiresAt * 1000 <= Date.now()) return [];
    const { capabilities } = credential.value.claims;
    return listed.value.filter((r) => toolReachable(capabilities, r.server, r.tool, this.mappingOf(r))).map((r) => r.definition);
  }

  async callTool(params: CallToolRequest['params']): Promise<CallToolResult> {
    const route = await this.upstreams.route(params.name);
    if (route === undefined) return this.refuse(params.name, problem('mcp.unknown_tool', `no MCP server behind this guard offers a tool named ${params.name}`, 'name'));
    const decided = await this.decide(route, params.arguments ?? {});
    if (!decided.ok) return this.refuse(params.name, decided.problems[0]);
    const { answer, request, requestId } = decided.value;
    if (answer.decision !== 'allowed') return this.refuse(params.name, refusalOf(answer), decisionMeta(requestId, answer));
    this.log(`${params.name}: allowed (${request.action} on ${request.resource}, request ${requestId})`);
    const result = await this.upstreams.call(route, params.arguments, params._meta);
    return { ...result, _meta: { ...result._meta, ...decisionMeta(requestId, answer) } };
  }

  /** The agent-signed request for this call and Writ's recorded decision on it. */
  private async decide(route: RoutedTool, args: Record<string, unknown>) {
    const request = requestFor(route.server, route.tool, args, this.mappingOf(route));
    if (!request.ok) return request;
    const credential = await this.credentials.current();
    if (!credential.ok) return credential;
    const taskId = this.config.taskId ?? credential.value.claims.taskId;
    if (taskId === undefined) return err(configProblem('taskId', 'the credential names no task: give taskId'));
    const requestId = `mcp-${uuidv7()}`;
    const body = { requestId, credentialId: credential.value.claims.credentialId, taskId, ...request.value };
    const signed = sign(statements.authorize(body, { ledgerId: this.config.ledgerId, actor: this.agent.id }), this.agent.keys);
    const answer = await this.client.authorize(signed);
    return answer.ok ? ok({ answer: answer.value, request: request.value, requestId }) : answer;
  }

  private mappingOf(route: RoutedTool): ToolMapping | undefined {
    return this.config.tools[`${route.server}/${route.tool}`] ?? this.config.tools[route.tool];
  }

  /** A tool error naming the reason code; `meta` is the recorded decision's, when there is one. */
  private refuse(tool: string, why: Refusal, meta?: DecisionMeta): CallToolResult {
    this.log(`${tool}: refused, ${why.code}`);
    return {
      isError: true,
      content: [{ type: 'text', text: `Writ refused ${tool}: ${why.code}. ${why.message}` }],
      _meta: meta ?? { 'writ/decision': { decision: 'denied', reason: why.code, recorded: false } },
    };
  }

  mcpServer(): Server {
    // The low-level Server: a proxy passes the servers' JSON Schemas through as they are.
    const server = new Server(GUARD_INFO, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: await this.listTools() }));
    server.setRequestHandler(CallToolRequestSchema, (request) => this.callTool(request.params));
    return server;
  }

  async serveStdio(input: Readable = process.stdin, output: Writable = process.stdout): Promise<void> {
    const server = this.mcpServer();
    const ended = new Promise<void>((done) => input.once('end', done).once('close', done));
    await server.connect(new StdioServerTransport(input, output));
    await ended;
    await server.close();
  }

  serveHttp(options: HttpListenOptions = {}): Promise<HttpListening> {
    return serveHttp(() => this.mcpServer(), options);
  }

  close(): Promise<void> {
    return this.upstreams.close();
  }
}

type DecisionMeta = { readonly 'writ/decision': Record<string, unknown> };

/** What the agent learns of a decision: its outcome, reason, request id and receipt. */
function decisionMeta(requestId: string, answer: AuthorizeAnswer): DecisionMeta {
  const { decision, reason, approvalId, receipt } = answer;
  // The receipt is a proof: with the ledger's verifier key the agent can check it offline (verifyReceipt).
  const recorded = receipt === undefined ? {} : { receipt };
  return { 'writ/decision': { decision, requestId, recorded: receipt !== undefined, ...(reason === undefined ? {} : { reason }), ...(approvalId === undefined ? {} : { approvalId }), ...recorded } };
}

/** Why a call was not forwarded: a Writ reason code (or a problem's code) and a sentence. */
interface Refusal {
  readonly code: string;
  readonly message: string;
}

/** What a decision other than allowed says: its reason code and the hop it names. */
function refusalOf(answer: AuthorizeAnswer): Refusal {
  const code = answer.reason ?? answer.decision;
  const at = answer.hop === undefined ? '' : ` at ${answer.hop.kind} ${answer.hop.id}`;
  const approval = answer.approvalId === undefined ? '' : ` (approval ${answer.approvalId} was requested)`;
  return { code, message: `Writ decided ${answer.decision}${at}${approval}; the call was not forwarded.` };
}
