// Hashes arrive from the service as lowercase hex text, which is attacker-controlled:
// they are checked here first and decoded only once known good, so a bad one is a
// Problem at its path, never an exception from the decoder.
import { joinPath, problem, type Problem } from '../../errors/problem';
import type { ErrorCode } from '../../errors/codes';

const HEX64 = /^[0-9a-f]{64}$/;

export const isHash = (value: unknown): value is string => typeof value === 'string' && HEX64.test(value);

export function hashProblems(value: unknown, path: string, code: ErrorCode): Problem[] {
  return isHash(value) ? [] : [problem(code, `${path} must be 64 lowercase hex characters`, path)];
}

/** Problems of a list of hex hashes: not a list, or each bad element at its index. */
export function hashListProblems(value: unknown, path: string, code: ErrorCode): Problem[] {
  if (!Array.isArray(value)) return [problem(code, `${path} must be a list of hex hashes`, path)];
  return value.flatMap((hash, i) => hashProblems(hash, joinPath(path, i), code));
}
