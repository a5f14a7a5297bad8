// The evidence bundle file (docs/evidence-bundle.md, "Evidence bundles"): one JSON
// object, versioned, holding a subject (a decision, or a credential, delegation or
// agent), every event its chain rests on with an inclusion proof to one signed
// checkpoint, that checkpoint, and a state map proof per entity. The file comes from
// anywhere: its shape is checked here before anything in it is decoded or hashed.
import { joinPath, problem, type Problem } from '../../errors/problem';
import type { StateProof } from '../../integrity/state-map/state-proof';
import type { StatusKind, StatusRecord } from '../../domain/state/status-records';
import { hashListProblems } from './hex';

export const BUNDLE_FORMAT = 'writ-evidence-bundle';
export const BUNDLE_VERSION = 1;

export type BundleSubject =
  | { readonly kind: 'decision'; readonly position: number }
  | { readonly kind: 'credential' | 'delegation' | 'agent'; readonly id: string };

export interface BundleEvent {
  readonly position: number;
  /** The envelope's canonical JSON text, exactly as stored. */
  readonly envelope: string;
  /** RFC 9162 inclusion proof of `position` in the checkpoint's tree, hex, leaf upwards. */
  readonly inclusionProof: readonly string[];
}

export interface BundleState {
  readonly kind: StatusKind;
  readonly id: string;
  /** The entity's status record as of the checkpoint; null when the map proves it absent. */
  readonly record: StatusRecord | null;
  readonly proof: StateProof;
}

export interface EvidenceBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly version: typeof BUNDLE_VERSION;
  readonly ledgerId: string;
  readonly subject: BundleSubject;
  /** The one signed checkpoint (C2SP signed note with a `writ-state` line) everything is proven against. */
  readonly checkpoint: { readonly note: string; readonly treeSize: number };
  /** Ascending by position. */
  readonly events: readonly BundleEvent[];
  readonly states: readonly BundleState[];
}

const CODE = 'bundle.malformed';
const KINDS: ReadonlySet<string> = new Set(['principal', 'agent', 'entitlement', 'delegation', 'credential']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isText = (s: unknown): s is string => typeof s === 'string' && s !== '';

/** Every shape problem of an attacker-controlled bundle; none means it is an EvidenceBundle. */
export function bundleProblems(input: unknown): Problem[] {
  if (!isObject(input)) return [problem(CODE, 'an evidence bundle is a JSON object', '')];
  if (input.format !== BUNDLE_FORMAT) return [problem(CODE, `format must be "${BUNDLE_FORMAT}"`, 'format')];
  if (input.version !== BUNDLE_VERSION) {
    return [problem('bundle.unsupported_version', `this verifier reads version ${BUNDLE_VERSION} bundles`, 'version', { version: input.version })];
  }
  const problems: Problem[] = [];
  if (!isText(input.ledgerId)) problems.push(problem(CODE, 'ledgerId must be a non-empty string', 'ledgerId'));
  problems.push(...subjectProblems(input.subject));
  const cp = input.checkpoint;
  if (!isObject(cp) || !isText(cp.note) || !isCount(cp.treeSize)) problems.push(problem(CODE, 'checkpoint has a note and a treeSize', 'checkpoint'));
  problems.push(...listProblems(input.events, 'events', eventProblems), ...listProblems(input.states, 'states', stateProblems));
  return problems;
}

function subjectProblems(s: unknown): Problem[] {
  if (!isObject(s)) return [problem(CODE, 'subject is an object', 'subject')];
  if (s.kind === 'decision') return isCount(s.position) ? [] : [problem(CODE, 'a decision subject has a position', 'subject.position')];
  if (s.kind === 'credential' || s.kind === 'delegation' || s.kind === 'agent') return isText(s.id) ? [] : [problem(CODE, 'the subject has an id', 'subject.id')];
  return [problem(CODE, 'subject.kind is decision, credential, delegation or agent', 'subject.kind')];
}

function listProblems(list: unknown, path: string, each: (item: unknown, path: string) => Problem[]): Problem[] {
  if (!Array.isArray(list)) return [problem(CODE, `${path} must be a list`, path)];
  return list.flatMap((item, i) => each(item, joinPath(path, i)));
}

function eventProblems(e: unknown, path: string): Problem[] {
  if (!isObject(e)) return [problem(CODE, 'an event is an object', path)];
  const problems = hashListProblems(e.inclusionProof, joinPath(path, 'inclusionProof'), CODE);
  if (!isCount(e.position)) problems.push(problem(CODE, 'position must be a safe integer >= 0', joinPath(path, 'position')));
  if (!isText(e.envelope)) problems.push(problem(CODE, 'envelope is the stored envelope text', joinPath(path, 'envelope')));
  return problems;
}

function stateProblems(s: unknown, path: string): Problem[] {
  if (!isObject(s)) return [problem(CODE, 'a state entry is an object', path)];
  const problems: Problem[] = [];
  if (typeof s.kind !== 'string' || !KINDS.has(s.kind)) problems.push(problem(CODE, 'kind is principal, agent, entitlement, delegation or credential', joinPath(path, 'kind')));
  if (!isText(s.id)) problems.push(problem(CODE, 'id must be a non-empty string', joinPath(path, 'id')));
  if (s.record !== null && !isObject(s.record)) problems.push(problem(CODE, 'record is a status record or null', joinPath(path, 'record')));
  if (!isObject(s.proof)) problems.push(problem(CODE, 'proof is a state map proof', joinPath(path, 'proof')));
  return problems;
}
