// What the client returns is typed, so what the service sent is checked against those
// types first: a field missing or of the wrong kind is sdk.bad_response at its path,
// never a value that only looks like a Receipt.
import { joinPath, problem, type Problem } from '../../errors/problem';
import { isHash } from '../verify/hex';

type Kind = 'string' | 'count' | 'hash' | 'hashes' | 'boolean' | 'strings' | 'any';
export type Shape = Readonly<Record<string, Kind>>;

const CHECKS: Record<Kind, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  count: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
  hash: isHash,
  hashes: (v) => Array.isArray(v) && v.every(isHash),
  boolean: (v) => typeof v === 'boolean',
  strings: (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'),
  any: () => true,
};

export const RECEIPT_SHAPE: Shape = {
  envelopeHash: 'hash',
  leafIndex: 'count',
  stream: 'string',
  revision: 'count',
  type: 'string',
  result: 'any',
  checkpoint: 'string',
  treeSize: 'count',
  inclusionProof: 'hashes',
  replayed: 'boolean',
};
export const CHECKPOINT_SHAPE: Shape = { note: 'string', origin: 'string', treeSize: 'count', rootHash: 'hash' };
export const INCLUSION_SHAPE: Shape = { leafIndex: 'count', treeSize: 'count', rootHash: 'hash', proof: 'hashes' };
export const CONSISTENCY_SHAPE: Shape = { fromSize: 'count', toSize: 'count', fromRoot: 'hash', toRoot: 'hash', proof: 'hashes' };
export const EVENT_SHAPE: Shape = {
  position: 'count',
  stream: 'string',
  revision: 'count',
  type: 'string',
  hash: 'hash',
  envelope: 'string',
};
export const PROBLEM_SHAPE: Shape = { code: 'string', message: 'string', path: 'string', details: 'any' };

/** Problems of `value` against `shape`, paths under `path`. */
export function shapeProblems(value: unknown, shape: Shape, path: string): Problem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [problem('sdk.bad_response', `${path || 'the answer'} is not an object`, path)];
  }
  const record = value as Record<string, unknown>;
  return Object.entries(shape)
    .filter(([field, kind]) => !CHECKS[kind](record[field]))
    .map(([field, kind]) => problem('sdk.bad_response', `${joinPath(path, field)} is not a ${kind}`, joinPath(path, field)));
}

/** Only the fields of `shape`, so extra fields the server may add do not leak through. */
export function pick<T>(value: unknown, shape: Shape): T {
  const record = value as Record<string, unknown>;
  // GraphQL writes an absent optional field as null; the SDK's types leave it out.
  const present = Object.keys(shape).filter((k) => record[k] !== undefined && record[k] !== null);
  return Object.fromEntries(present.map((k) => [k, record[k]])) as T;
}
