// The verifiable state map's per-event cost (issue 20, step 5): what the runtime and
// `writ verify` add to each event for the state root in checkpoints. A status change
// costs a record, its JCS and SHA-256, and a path update (about log16(n) + 1 node hashes
// at the next root); a decision costs only the look at its stream. Set beside the appends
// and verify rows, these say how far the map can move those rates.
import { emptyLedgerState, entityKey, LedgerStateMap, statusRecord, statusRecordHash, type RecordedEvent } from '../src/domain';
import { globalPosition } from '../src/integrity/brands';
import type { Statement } from '../src/integrity/statement';
import { measure, type Row } from './harness';

const ENTITIES = 100_000;

export function stateMapRows(): Row[] {
  const state = emptyLedgerState();
  const folded = new LedgerStateMap();
  for (let i = 0; i < ENTITIES; i++) {
    const id = `d-${i}`;
    state.delegations.set(id, { id, status: 'active', notBefore: 0, notAfter: 1e13, ref: { position: globalPosition(i), hash: '' } } as never);
    folded.map.set(entityKey('delegation', id), statusRecordHash(statusRecord(state, 'delegation', id)!));
  }
  folded.rootHash();
  const event = (stream: string, body: object): RecordedEvent => ({
    type: 'delegation.revoked', stream, recordedAt: '2026-11-24T10:00:00.000Z', hash: '', position: globalPosition(ENTITIES),
    statement: { v: 1, ledgerId: 'l', type: 'delegation.revoked', actor: 'a', nonce: 'n', issuedAt: '2026-11-24T10:00:00.000Z', body } as Statement,
  });
  const changes = Array.from({ length: 1024 }, (_, i) => event(`delegation-d-${(i * 7919) % ENTITIES}`, { delegationId: `d-${(i * 7919) % ENTITIES}` }));
  let k = 0;
  const change = measure(`state map: a status change folded and the root rehashed (map of ${ENTITIES.toLocaleString('en-US')})`, () => {
    folded.afterEvent(state, changes[k++ & 1023]!);
    folded.rootHash();
  }, 1500, 10);
  const batch = measure('state map: a commit batch of 32 status changes folded and the root rehashed', () => {
    for (let i = 0; i < 32; i++) folded.afterEvent(state, changes[k++ & 1023]!);
    folded.rootHash();
  }, 1500, 10);
  const noRoot = measure('state map: a status change folded, root left for the batch checkpoint', () => folded.afterEvent(state, changes[k++ & 1023]!), 1500, 10);
  folded.rootHash();
  const decision = event('actions-agent-1', { requestId: 'r' });
  const untouched = measure('state map: a decision folded (no status change: the map is not touched)', () => folded.afterEvent(state, decision));
  const us = (r: { opsPerSecond: number }) => (1e6 / r.opsPerSecond).toFixed(2);
  return [
    { ...change, note: `${us(change)} µs per status-changing event, paid once per event by appends and by writ verify` },
    { ...batch, note: `${(1e6 / batch.opsPerSecond / 32).toFixed(2)} µs per status change when a batch's changes share the root's hashing` },
    { ...noRoot, note: `${us(noRoot)} µs: record, JCS, SHA-256 and path copy; hashing waits for the root` },
    { ...untouched, note: `${us(untouched)} µs per decision` },
  ];
}
