// What the verifier reports: one finding per bad position, with a reason code.
import type { ErrorCode } from '../errors/codes';
import type { Problem } from '../errors/problem';

export interface Finding {
  /** Global position (leaf index) of the first event the finding is about. */
  readonly position: number;
  readonly code: ErrorCode;
  /** One line for people. */
  readonly message: string;
  /** Where in the envelope: `signature`, `prevHash`, `body.capabilities[0]`, ... */
  readonly path: string;
}

export const findingOf = (position: number, p: Problem, prefix = ''): Finding => ({
  position,
  code: p.code,
  message: p.message,
  path: prefix === '' ? p.path : p.path === '' ? prefix : `${prefix}.${p.path}`,
});

export const finding = (position: number, code: ErrorCode, message: string, path = ''): Finding => ({ position, code, message, path });
