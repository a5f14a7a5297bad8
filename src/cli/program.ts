// The `writ` command: thin commands over the application and integrity cores.
import { Command } from 'commander';
import { initCommand } from './commands/init.command';
import { keysCommand } from './commands/keys.command';

export function buildProgram(): Command {
  const program = new Command('writ')
    .description('Writ: a signed, event-sourced ledger of authority for AI agents')
    .version(version(), '-V, --version')
    .showHelpAfterError()
    .exitOverride();
  initCommand(program);
  keysCommand(program);
  return program;
}

function version(): string {
  // The CLI runs from dist/src/cli; package.json sits at the checkout's root.
  return (require('../../../package.json') as { version: string }).version;
}
