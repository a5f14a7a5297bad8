import type { ErrorCode } from './codes';

/** One refusal: what went wrong, where in the input, and data a client can act on. */
export interface Problem {
  readonly code: ErrorCode;
  readonly message: string;
  /** Path into the input, `body.capabilities[0].resource`; `""` for the input as a whole. */
  readonly path: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err = { readonly ok: false; readonly problems: readonly [Problem, ...Problem[]] };
export type Result<T> = Ok<T> | Err;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });

export function err(first: Problem, ...rest: Problem[]): Err {
  return { ok: false, problems: [first, ...rest] };
}

export function problem(
  code: ErrorCode,
  message: string,
  path = '',
  details?: Record<string, unknown>,
): Problem {
  return details === undefined ? { code, message, path } : { code, message, path, details };
}

/** Joins path segments the way every Problem path is written: `a.b[0].c`. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}
