// The state map proofs of a bundle: each shows an entity's status record (or its
// absence) under the checkpoint's state root, and each record must be the one the
// bundled events replay to. Every entity the replay knows must have one: then no event
// that changed a carried entity before the checkpoint can be missing from the bundle
// (its record's position would be another), which is what makes "nothing revoked it"
// provable without the log.
import { joinPath, ok, problem, type Problem, type Result } from '../../errors/problem';
import { bytesToHex } from '../../integrity/bytes';
import { verifyStateProof } from '../../integrity/state-map/state-proof';
import { sameJson } from '../../domain/replay/same-json';
import type { LedgerState } from '../../domain/state/ledger-state';
import { entityKey, statusRecord, statusRecordHash, STATUS_KINDS, type StatusKind, type StatusRecord } from '../../domain/state/status-records';
import type { BundleState } from './bundle-format';
import { under } from './paths';
import { refuse } from './refuse';

/** `states` passed bundleProblems (their records are attacker-controlled objects). */
export function checkStates(states: readonly BundleState[], stateRoot: Uint8Array, replayed: LedgerState): Result<Map<string, StatusRecord | null>> {
  const proven = new Map<string, StatusRecord | null>();
  for (const [i, entry] of states.entries()) {
    const path = joinPath('states', i);
    const shown = verifyStateProof(stateRoot, entityKey(entry.kind, entry.id), entry.proof);
    if (!shown.ok) return refuse(under(joinPath(path, 'proof'), shown.problems));
    const claimed = entry.record === null ? null : valueOf(entry.record);
    if (claimed !== shown.value) {
      const message = shown.value === null ? `the map proves ${entry.kind} ${entry.id} absent, the bundle gives a record` : `the record is not the one the map holds for ${entry.kind} ${entry.id}`;
      return fail(problem('bundle.state_mismatch', message, joinPath(path, 'record')));
    }
    if (entry.record !== null && (entry.record.kind !== entry.kind || entry.record.id !== entry.id)) {
      return fail(problem('bundle.state_mismatch', 'the record is of another entity', joinPath(path, 'record')));
    }
    const replayedRecord = statusRecord(replayed, entry.kind, entry.id) ?? null;
    if (!sameJson(replayedRecord, entry.record)) {
      const message = `the bundled events give ${entry.kind} ${entry.id} another status record than the map holds at the checkpoint: an event that changed it is missing`;
      return fail(problem('bundle.incomplete', message, joinPath(path, 'record'), { replayed: replayedRecord }));
    }
    proven.set(`${entry.kind}:${entry.id}`, entry.record);
  }
  const unproven = everyEntity(replayed).find((e) => !proven.has(`${e.kind}:${e.id}`));
  if (unproven !== undefined) {
    return fail(problem('bundle.incomplete', `the bundle carries no state proof for ${unproven.kind} ${unproven.id}`, 'states', { ...unproven }));
  }
  return ok(proven);
}

const fail = (p: Problem) => refuse([p]);

/** Hex of the record's map value; a record with no JSON form matches nothing. */
function valueOf(record: StatusRecord): string | undefined {
  try {
    return bytesToHex(statusRecordHash(record));
  } catch {
    return undefined;
  }
}

const MAPS: Readonly<Record<StatusKind, (s: LedgerState) => Map<string, unknown>>> = {
  principal: (s) => s.principals,
  agent: (s) => s.agents,
  entitlement: (s) => s.entitlements,
  delegation: (s) => s.delegations,
  credential: (s) => s.credentials,
};

export function everyEntity(state: LedgerState): { kind: StatusKind; id: string }[] {
  return STATUS_KINDS.flatMap((kind) => [...MAPS[kind](state).keys()].map((id) => ({ kind, id })));
}
