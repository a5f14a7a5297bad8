// A receipt comes from a service the verifier does not trust: its shape is checked
// before anything in it is decoded or hashed, and every bad field is reported.
import { problem, type Problem } from '../../errors/problem';
import { hashListProblems, hashProblems } from './hex';

const CODE = 'receipt.malformed';

export function receiptProblems(receipt: unknown): Problem[] {
  if (typeof receipt !== 'object' || receipt === null || Array.isArray(receipt)) {
    return [problem(CODE, 'a receipt is an object', '')];
  }
  const r = receipt as Record<string, unknown>;
  const problems = [...hashProblems(r.envelopeHash, 'envelopeHash', CODE), ...hashListProblems(r.inclusionProof, 'inclusionProof', CODE)];
  for (const field of ['leafIndex', 'treeSize', 'revision'] as const) {
    if (!isCount(r[field])) problems.push(problem(CODE, `${field} must be a safe integer >= 0`, field));
  }
  for (const field of ['checkpoint', 'stream', 'type'] as const) {
    if (typeof r[field] !== 'string' || r[field] === '') problems.push(problem(CODE, `${field} must be a non-empty string`, field));
  }
  return problems;
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
