// The status records the state map commits to (docs/evidence-bundle.md): given a ledger,
// when a status changes, then exactly the changed entities' records move; a decision
// changes none, so the map's root stays as it was.
import { bytesToHex, utf8ToBytes } from '../../src/integrity/bytes';
import { canonicalize } from '../../src/integrity/jcs';
import { sha256 } from '../../src/integrity/sha256';
import fc from 'fast-check';
import { canonicalStatusRecord } from '../../src/domain/state/status-records';
import { entitiesChangedBy, entityKey, LedgerStateMap, statusRecord, statusRecordHash, STATUS_KINDS, type RecordedEvent, type StatusRecord } from '../../src/domain';
import * as s from './support/statements';
import { world } from './support/world';

function mapOf(events: readonly RecordedEvent[], state: Parameters<typeof entitiesChangedBy>[0]): LedgerStateMap {
  // Records are read from the final state: each entity's record depends only on its own events.
  const map = new LedgerStateMap();
  for (const e of events) map.afterEvent(state, e);
  return map;
}

test('a record is the canonical JSON of kind, id, status, window and position, hashed with SHA-256', () => {
  const l = world();
  const d1 = statusRecord(l.state, 'delegation', 'd1')!;
  expect(d1).toEqual({
    kind: 'delegation', id: 'd1', status: 'active', position: l.state.delegations.get('d1')!.ref.position,
    window: { notBefore: expect.stringMatching(/Z$/), notAfter: expect.stringMatching(/Z$/) },
  });
  expect(bytesToHex(statusRecordHash(d1))).toBe(bytesToHex(sha256(utf8ToBytes(canonicalize(d1 as never)))));
  expect(entityKey('agent', 'agent-a')).toEqual(sha256(utf8ToBytes('agent:agent-a')));
  expect(statusRecord(l.state, 'agent', 'agent-a')).toEqual({ kind: 'agent', id: 'agent-a', status: 'active', position: l.state.agents.get('agent-a')!.ref.position });
  expect(statusRecord(l.state, 'credential', 'c-a')).toMatchObject({ status: 'active', window: expect.any(Object) });
  expect(statusRecord(l.state, 'entitlement', 'e-alice')).toMatchObject({ status: 'active' });
  expect(statusRecord(l.state, 'principal', 'nobody')).toBeUndefined();
});

test('the record text written directly is the JCS text, for any id, status, window and position', () => {
  const instant = fc.integer({ min: 0, max: 253402300799999 }).map((ms) => new Date(ms).toISOString());
  const record: fc.Arbitrary<StatusRecord> = fc.record(
    {
      kind: fc.constantFrom(...STATUS_KINDS),
      id: fc.string({ unit: 'grapheme', maxLength: 30 }),
      status: fc.constantFrom('active', 'revoked', 'suspended', 'needs-review', 'deprovisioned', 'deactivated'),
      window: fc.record({ notBefore: instant, notAfter: instant }),
      position: fc.nat(),
    },
    { requiredKeys: ['kind', 'id', 'status', 'position'] },
  );
  fc.assert(
    fc.property(record, (r) => {
      expect(canonicalStatusRecord(r)).toBe(canonicalize(r as never));
      expect(bytesToHex(statusRecordHash(r))).toBe(bytesToHex(sha256(utf8ToBytes(canonicalize(r as never)))));
    }),
  );
});

test('every entity of the world is in the map, including the genesis admins and the ledger', () => {
  const l = world();
  const map = mapOf(l.events, l.state).map;
  const entities = [
    ...[...l.state.principals.keys()].map((id) => ['principal', id] as const),
    ...[...l.state.agents.keys()].map((id) => ['agent', id] as const),
    ...[...l.state.entitlements.keys()].map((id) => ['entitlement', id] as const),
    ...[...l.state.delegations.keys()].map((id) => ['delegation', id] as const),
    ...[...l.state.credentials.keys()].map((id) => ['credential', id] as const),
  ];
  expect(map.size).toBe(entities.length);
  for (const [kind, id] of entities) expect(map.get(entityKey(kind, id))).toEqual(statusRecordHash(statusRecord(l.state, kind, id)!));
});

test('a decision changes no record; a revocation, a suspension and an entitlement revocation each change their own', () => {
  const l = world();
  const before = bytesToHex(mapOf(l.events, l.state).rootHash());
  const decision = l.must(s.act('agent-a', 'c-a'));
  expect(decision.type).toBe('action.authorized');
  expect(entitiesChangedBy(l.state, decision)).toEqual([]);
  expect(bytesToHex(mapOf(l.events, l.state).rootHash())).toBe(before);

  const revoked = l.must(s.revokeDelegation('alice', 'd2'));
  expect(entitiesChangedBy(l.state, revoked)).toEqual([{ kind: 'delegation', id: 'd2' }]);
  expect(statusRecord(l.state, 'delegation', 'd2')).toMatchObject({ status: 'revoked', position: revoked.position });
  const suspended = l.must(s.suspend('bob', 'agent-c'));
  expect(entitiesChangedBy(l.state, suspended)).toEqual([{ kind: 'agent', id: 'agent-c' }]);
  expect(statusRecord(l.state, 'agent', 'agent-c')).toMatchObject({ status: 'suspended', position: suspended.position });
  const entitlementGone = l.must(s.revokeEntitlement(s.ADMIN, 'alice', 'e-alice'));
  expect(entitiesChangedBy(l.state, entitlementGone)).toEqual([{ kind: 'principal', id: 'alice' }, { kind: 'entitlement', id: 'e-alice' }]);
  expect(bytesToHex(mapOf(l.events, l.state).rootHash())).not.toBe(before);
});
