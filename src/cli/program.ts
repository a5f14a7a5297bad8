// The `writ` command: thin commands over the application and integrity cores.
import { Command } from 'commander';
import { initCommand } from './commands/init.command';
import { keysCommand } from './commands/keys.command';
import { verifyCommand } from './commands/verify.command';
import { exportCommand } from './commands/export.command';
import { importCommand } from './commands/import.command';
import { replayCommand } from './commands/replay.command';
import { checkpointCommand } from './commands/checkpoint.command';
import { proveCommand } from './commands/prove.command';
import { verifyProofCommand } from './commands/verify-proof.command';
import { projectionsCommand } from './commands/projections.command';
import { mcpGuardCommand } from './commands/mcp-guard.command';
import { serveCommand } from './commands/serve.command';
import { tokenCommand } from './commands/token.command';
import { backupCommand } from './commands/backup.command';
import { bundleCommand } from './commands/bundle.command';

export function buildProgram(): Command {
  const program = new Command('writ')
    .description('Writ: a signed, event-sourced ledger of authority for AI agents')
    .version(version(), '-V, --version')
    .showHelpAfterError()
    .exitOverride();
  initCommand(program);
  keysCommand(program);
  verifyCommand(program);
  exportCommand(program);
  importCommand(program);
  replayCommand(program);
  checkpointCommand(program);
  proveCommand(program);
  verifyProofCommand(program);
  projectionsCommand(program);
  mcpGuardCommand(program);
  serveCommand(program);
  tokenCommand(program);
  backupCommand(program);
  bundleCommand(program);
  return program;
}

function version(): string {
  // The CLI runs from dist/src/cli; package.json sits at the checkout's root.
  return (require('../../../package.json') as { version: string }).version;
}
