// Exit codes scripts can rely on (documented in the README).
export const EXIT = {
  /** Done; for verify: everything verified. */
  ok: 0,
  /** Verification ran and found the record damaged. */
  verificationFailed: 1,
  /** Bad usage or input that could not be read. */
  usage: 2,
} as const;

/** An error the CLI reports in one line and turns into an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}
