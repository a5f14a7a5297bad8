import { claimId, eventId, StreamNames, uuidFrom } from './esdb-ids';

describe('EventStoreDB ids and names', () => {
  it('derives the same UUID from the same (ledger, actor, nonce), and another from anything else', () => {
    const id = eventId('ledger-1', 'alice', 'n-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(eventId('ledger-1', 'alice', 'n-1')).toBe(id);
    expect(eventId('ledger-2', 'alice', 'n-1')).not.toBe(id);
    expect(eventId('ledger-1', 'alice', 'n-2')).not.toBe(id);
    // Parts are framed, so shifting characters between them changes the id.
    expect(uuidFrom('ab', 'c')).not.toBe(uuidFrom('a', 'bc'));
  });

  it('gives two requests for one pair different claim ids, and a retry of one the same', () => {
    expect(claimId('l', 'alice', 'n', 's-1', 'no_stream')).toBe(claimId('l', 'alice', 'n', 's-1', 'no_stream'));
    expect(claimId('l', 'alice', 'n', 's-1', 'no_stream')).not.toBe(claimId('l', 'alice', 'n', 's-2', 'no_stream'));
    expect(claimId('l', 'alice', 'n', 's-1', 0)).not.toBe(claimId('l', 'alice', 'n', 's-1', 'no_stream'));
  });

  it('keeps data streams under the ledger prefix and marker streams outside it', () => {
    const names = new StreamNames('writ.');
    expect(names.data('delegation-d1')).toBe('writ.s.delegation-d1');
    expect(names.portName(names.data('delegation-d1'))).toBe('delegation-d1');
    expect(names.isData(names.claim('alice', 'n'))).toBe(false);
    expect(names.isData('writ2.s.x')).toBe(false);
  });
});
