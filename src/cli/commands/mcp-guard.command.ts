// `writ mcp-guard`: the MCP tool-call guard (docs/mcp-guard.md) as a process. Thin over
// the SDK's createMcpGuard: read the configuration file, let flags override it, serve.
// Over stdio, stdout is the agent's MCP channel: everything else goes to stderr.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { createMcpGuard, type HttpListening, type McpGuardConfigFile } from '../../sdk/node/mcp-guard';
import { CliError } from '../exit-codes';

interface GuardFlags {
  config: string;
  http?: string;
  service?: string;
  ledger?: string;
  key?: string;
  agent?: string;
  delegation?: string;
  credential?: string;
  task?: string;
  ttl?: string;
}

export function mcpGuardCommand(program: Command): void {
  program
    .command('mcp-guard')
    .description('an MCP proxy that asks Writ before forwarding each tool call (docs/mcp-guard.md)')
    .requiredOption('--config <file>', 'the guard configuration (JSON): Writ service, agent key, MCP servers, tool mappings')
    .option('--http <host:port>', 'serve agents over Streamable HTTP at http://<host:port>/mcp instead of stdio')
    .option('--service <url>', 'the Writ service (overrides "service")')
    .option('--ledger <id>', 'the ledger id (overrides "ledgerId")')
    .option('--key <file>', "the agent's key file (overrides \"keyFile\")")
    .option('--agent <id>', "the agent's principal id (overrides \"agentId\")")
    .option('--delegation <id>', 'request credentials under this delegation (overrides the credential source)')
    .option('--credential <token>', 'present this issued credential (overrides the credential source)')
    .option('--task <id>', 'the task every request names (overrides "taskId")')
    .option('--ttl <seconds>', 'lifetime of requested credentials (overrides "credentialTtlSeconds")')
    .action(async (flags: GuardFlags) => {
      const options = withFlags(readConfig(flags.config), flags);
      const listen = flags.http === undefined ? undefined : listenAt(flags.http);
      const guard = await createMcpGuard({ ...options, baseDir: dirname(resolve(flags.config)) });
      if (!guard.ok) throw new CliError(guard.problems.map((p) => `${p.path === '' ? '' : `${p.path}: `}${p.message} (${p.code})`).join('\n'));
      try {
        if (listen === undefined) await guard.value.serveStdio();
        else await serveUntilSignal(guard.value.serveHttp(listen));
      } finally {
        await guard.value.close();
      }
    });
}

function readConfig(file: string): McpGuardConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as McpGuardConfigFile;
  } catch (error) {
    throw new CliError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

function withFlags(config: McpGuardConfigFile, f: GuardFlags): McpGuardConfigFile {
  const source = f.delegation !== undefined ? { delegationId: f.delegation } : f.credential !== undefined ? { credential: f.credential } : undefined;
  const { delegationId, credential, credentialFile, ...rest } = config;
  const ttl = f.ttl === undefined ? undefined : Number(f.ttl);
  return {
    ...rest,
    ...(source ?? withoutUndefined({ delegationId, credential, credentialFile })),
    ...withoutUndefined({ service: f.service, ledgerId: f.ledger, keyFile: f.key, agentId: f.agent, taskId: f.task, credentialTtlSeconds: ttl }),
  };
}

function listenAt(text: string): { host: string; port: number } {
  const at = text.lastIndexOf(':');
  const port = Number(text.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port) || port < 0 || port > 65_535) throw new CliError(`--http takes <host:port>, e.g. 127.0.0.1:7400 (got ${text})`);
  return { host: text.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port };
}

async function serveUntilSignal(listening: Promise<HttpListening>): Promise<void> {
  const server = await listening;
  process.stdout.write(`mcp-guard serving ${server.url}\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await server.close();
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
