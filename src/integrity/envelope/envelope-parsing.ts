// Reading envelopes back from a store or an export, which forensics must not trust:
// the shape is checked here, the hash and links by chain checking.
import { err, ok, problem, type Problem, type Result } from '../../errors/problem';
import { parseJson, type JsonValue } from '../jcs';
import type { Envelope } from './envelope.types';

const HEX64 = /^[0-9a-f]{64}$/;
const FIELDS = new Set(['v', 'stream', 'revision', 'prevHash', 'recordedAt', 'type', 'statement', 'signature', 'result', 'hash']);

/** Parses one stored envelope (attacker-controlled text in an export). */
export function parseEnvelope(text: string): Result<Envelope> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  return envelopeFromJson(parsed.value);
}

export function envelopeFromJson(value: JsonValue): Result<Envelope> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return err(problem('envelope.malformed', 'an envelope is a JSON object'));
  }
  const e = value as Record<string, JsonValue>;
  const problems: Problem[] = Object.keys(e)
    .filter((k) => !FIELDS.has(k))
    .map((k) => problem('envelope.malformed', `unknown field ${k}`, k));
  const bad = (path: string, what: string) => problems.push(problem('envelope.malformed', `${path} must be ${what}`, path));
  if (e.v !== 1) bad('v', '1');
  if (typeof e.stream !== 'string' || e.stream === '') bad('stream', 'a stream name');
  if (!Number.isSafeInteger(e.revision) || (e.revision as number) < 0) bad('revision', 'a non-negative integer');
  if (typeof e.prevHash !== 'string' || !HEX64.test(e.prevHash)) bad('prevHash', '64 lowercase hex characters');
  if (typeof e.hash !== 'string' || !HEX64.test(e.hash)) bad('hash', '64 lowercase hex characters');
  if (typeof e.recordedAt !== 'string') bad('recordedAt', 'an RFC 3339 time');
  if (typeof e.type !== 'string') bad('type', 'an event type');
  if (typeof e.signature !== 'string') bad('signature', 'a base64url signature');
  if (typeof e.statement !== 'object' || e.statement === null || Array.isArray(e.statement)) bad('statement', 'a statement object');
  if (problems.length > 0) return err(problems[0]!, ...problems.slice(1));
  return ok(e as unknown as Envelope);
}
