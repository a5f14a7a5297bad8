// Checking an evidence bundle offline with the ledger's verifier key alone
// (docs/evidence-bundle.md, "Verifying a bundle"): the checkpoint's signature and its
// state line, every envelope's hash and inclusion proof, each status stream whole,
// every statement's signature under the key valid at its point, the decision re-derived
// with the domain's rules from the bundled events, and every state map proof. The first
// thing wrong is named (code, message, path into the file). A bundle that verifies also
// says what it proves: the decision as recorded, and the chain as of the checkpoint.
import { ok, problem, type Result } from '../../errors/problem';
import type { ErrorCode } from '../../errors/codes';
import { bytesToHex } from '../../integrity/bytes';
import { parseCheckpoint, parseNote, stateRootOf } from '../../integrity/checkpoint';
import { decisionRequestOf, type DecisionRequestRecord } from '../../domain/action/decision-request';
import type { ChainHop, HopId } from '../../domain';
import type { StatusRecord } from '../../domain/state/status-records';
import { bundleProblems, type BundleSubject, type EvidenceBundle } from './bundle-format';
import { checkEvents, type CheckedEvent } from './bundle-events';
import { replayBundle, type Rederived } from './bundle-replay';
import { checkStates } from './bundle-states';
import { chainAtCheckpoint, type ChainVerdict } from './bundle-chain';
import { trustedKeys, type LedgerKeys } from './ledger-keys';
import { under } from './paths';
import { refuse } from './refuse';
import { verifyCheckpoint, type VerifiedCheckpoint } from './verify-checkpoint';

export interface BundleDecision {
  readonly position: number;
  readonly type: string;
  readonly decision: string;
  readonly reason?: ErrorCode;
  readonly hop?: HopId;
  readonly chain: readonly ChainHop[];
  readonly request: DecisionRequestRecord;
  readonly recordedAt: string;
  /** `except_rate`: rate counters need earlier decisions, which a bundle does not carry. */
  readonly rederived: Rederived;
}

export interface VerifiedBundle {
  readonly subject: BundleSubject;
  readonly checkpoint: VerifiedCheckpoint & { readonly stateRoot: string };
  readonly events: number;
  readonly decision?: BundleDecision;
  /** The subject's chain as the state map shows it at the checkpoint. */
  readonly atCheckpoint: ChainVerdict;
  /** Each proven entity's status record at the checkpoint. */
  readonly states: readonly StatusRecord[];
}

/** `bundle` is attacker-controlled (a file from anywhere); only `ledgerKeys` is trusted. */
export function verifyBundle(bundle: unknown, ledgerKeys: LedgerKeys, options: { readonly origin?: string } = {}): Result<VerifiedBundle> {
  const keys = trustedKeys(ledgerKeys);
  if (!keys.ok) return keys;
  const shape = bundleProblems(bundle);
  if (shape.length > 0) return refuse(shape);
  const b = bundle as EvidenceBundle;
  const cp = openBundleCheckpoint(b, keys.value, options.origin);
  if (!cp.ok) return cp;
  const events = checkEvents(b.events, b.ledgerId, cp.value.treeSize, cp.value.rootHashBytes);
  if (!events.ok) return events;
  const decisionEvent = b.subject.kind === 'decision' ? findDecision(events.value, b.subject.position) : ok(undefined);
  if (!decisionEvent.ok) return decisionEvent;
  const replayed = replayBundle(events.value, decisionEvent.value?.position);
  if (!replayed.ok) return replayed;
  const states = checkStates(b.states, cp.value.stateRootBytes, replayed.value.state);
  if (!states.ok) return states;
  const decision = decisionEvent.value && describeDecision(decisionEvent.value, replayed.value.rederived!);
  const atCheckpoint = chainAtCheckpoint(replayed.value.state, b.subject, decision, events.value);
  const { stateRootBytes: _bytes, ...checkpoint } = cp.value;
  const verified = { subject: b.subject, checkpoint, events: events.value.length, atCheckpoint, states: [...states.value.values()].filter((r): r is StatusRecord => r !== null) };
  return ok(decision === undefined ? verified : { ...verified, decision });
}

type OpenedCheckpoint = VerifiedCheckpoint & { readonly stateRoot: string; readonly stateRootBytes: Uint8Array };

function openBundleCheckpoint(b: EvidenceBundle, keys: Parameters<typeof verifyCheckpoint>[1], origin: string | undefined): Result<OpenedCheckpoint> {
  const verified = verifyCheckpoint(b.checkpoint.note, keys, origin === undefined ? {} : { origin });
  if (!verified.ok) return refuse(under('checkpoint.note', verified.problems));
  if (verified.value.treeSize !== b.checkpoint.treeSize) {
    return refuse([problem('bundle.malformed', `the signed checkpoint is of size ${verified.value.treeSize}, not ${b.checkpoint.treeSize}`, 'checkpoint.treeSize')]);
  }
  // Signed, so parseable: read its extension lines for the state root.
  const note = parseNote(b.checkpoint.note);
  const parsed = note.ok ? parseCheckpoint(note.value.text) : note;
  const root = parsed.ok ? stateRootOf(parsed.value) : undefined;
  if (!(root instanceof Uint8Array)) {
    return refuse([problem('bundle.state_mismatch', 'the checkpoint carries no well-formed writ-state line', 'checkpoint.note')]);
  }
  return ok({ ...verified.value, stateRoot: bytesToHex(root), stateRootBytes: root });
}

function findDecision(events: readonly CheckedEvent[], position: number): Result<CheckedEvent> {
  const found = events.find((e) => e.position === position);
  const request = found && decisionRequestOf(found.envelope);
  if (found === undefined || request === undefined || !DECISIONS.has(found.envelope.type)) {
    return refuse([problem('bundle.incomplete', `the bundle holds no recorded decision at position ${position}`, 'subject.position')]);
  }
  return ok(found);
}

const DECISIONS: ReadonlySet<string> = new Set(['action.authorized', 'action.denied', 'approval.requested']);

function describeDecision(event: CheckedEvent, rederived: Rederived): BundleDecision {
  const { envelope } = event;
  const result = envelope.result as { decision: string; reason?: ErrorCode; hop?: HopId; chain: readonly ChainHop[] };
  return {
    position: event.position,
    type: envelope.type,
    decision: result.decision,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    ...(result.hop === undefined ? {} : { hop: result.hop }),
    chain: result.chain,
    request: decisionRequestOf(envelope)!,
    recordedAt: envelope.recordedAt,
    rederived,
  };
}
