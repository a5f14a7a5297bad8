// The recorded event an envelope stands for: its fields, its position, and a result only when one was recorded.
import { streamRevision } from '../../integrity/brands';
import type { Envelope } from '../../integrity/envelope/envelope.types';
import { recordedFromEnvelope } from './events';

const envelope: Envelope = {
  v: 1,
  stream: 'actions-a1',
  revision: streamRevision(3),
  prevHash: '0'.repeat(64),
  recordedAt: '2026-11-24T10:00:00.000Z',
  type: 'action.authorized',
  statement: { v: 1, ledgerId: 'l', type: 'action.request', actor: 'a1', nonce: 'n', issuedAt: '2026-11-24T10:00:00.000Z', body: {} },
  signature: 'x',
  hash: 'a'.repeat(64),
};

test('without a result', () => {
  const event = recordedFromEnvelope(envelope, 7);
  expect(event).toEqual({ type: 'action.authorized', stream: 'actions-a1', statement: envelope.statement, recordedAt: envelope.recordedAt, hash: envelope.hash, position: 7 });
  expect('result' in event).toBe(false);
});

test('with a result, null included', () => {
  expect(recordedFromEnvelope({ ...envelope, result: { decision: 'allowed' } }, 8)).toMatchObject({ position: 8, result: { decision: 'allowed' } });
  expect(recordedFromEnvelope({ ...envelope, result: null }, 9)).toMatchObject({ result: null });
});
