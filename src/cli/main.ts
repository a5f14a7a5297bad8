#!/usr/bin/env node
// Entry point of `writ`. Exit codes: 0 done/verified, 1 verification failed, 2 usage or input error.
import { CommanderError } from 'commander';
import { installNodeSha256 } from '../integrity/sha256-node';
import { installKeyCheck, nativeEd25519 } from '../integrity/ed25519/sodium-native';
import { buildProgram } from './program';
import { CliError, EXIT } from './exit-codes';

async function main(argv: string[]): Promise<number> {
  installNodeSha256();
  await installKeyCheck(nativeEd25519());
  try {
    await buildProgram().parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof CliError) {
      process.stderr.write(`writ: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`writ: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.usage;
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
