// The exact default nonce index, and the state and view reading through whichever is plugged in.
import { globalPosition } from '../../integrity/brands';
import { evolve } from '../evolve';
import type { RecordedEvent } from '../shared/events';
import { emptyLedgerState, viewOf } from './ledger-state';
import { NonceMap, type NonceIndex } from './nonce-index';

test('the map finds what was recorded, per actor, a later use replacing the position', () => {
  const nonces = new NonceMap();
  nonces.remember('alice', 'n1', 3);
  nonces.remember('bob', 'n1', 4);
  expect([nonces.seen('alice', 'n1'), nonces.seen('bob', 'n1'), nonces.seen('alice', 'n2'), nonces.seen('carol', 'n1')]).toEqual([3, 4, undefined, undefined]);
  nonces.remember('alice', 'n1', 9);
  expect(nonces.seen('alice', 'n1')).toBe(9);
  expect(nonces.get('alice')?.size).toBe(1);
});

test('evolve records into, and the view reads from, the index the state was made with', () => {
  const calls: string[] = [];
  const index: NonceIndex = {
    seen: (actor, nonce) => (calls.push(`seen ${actor} ${nonce}`), actor === 'x' ? globalPosition(0) : undefined),
    remember: (actor, nonce, position) => void calls.push(`remember ${actor} ${nonce} ${position}`),
  };
  const state = emptyLedgerState(index);
  const event: RecordedEvent = {
    type: 'something.else',
    stream: 's',
    statement: { v: 1, ledgerId: 'l', type: 'something.else', actor: 'x', nonce: 'n', issuedAt: '2026-11-24T10:00:00.000Z', body: {} },
    recordedAt: '2026-11-24T10:00:00.000Z',
    hash: '00'.repeat(32),
    position: globalPosition(0),
  };
  evolve(state, event);
  expect(viewOf(state).nonceSeen('x', 'n')).toBe(0);
  expect(viewOf(state).nonceSeen('y', 'n')).toBeUndefined();
  expect(calls).toEqual(['remember x n 0', 'seen x n', 'seen y n']);
});
