import { storeSelection } from '../../src/config/writ-config';

describe('WRIT_STORE / WRIT_ESDB_URL / WRIT_ESDB_CLIENT', () => {
  it('defaults to the embedded SQLite store', () => {
    expect(storeSelection({})).toEqual({ kind: 'sqlite' });
  });

  it('selects EventStoreDB with its connection string, the default prefix and the client the scheme names', () => {
    const url = 'esdb://a:2113,b:2113,c:2113?tls=false&nodePreference=leader';
    expect(storeSelection({ WRIT_STORE: 'eventstoredb', WRIT_ESDB_URL: url })).toEqual({ kind: 'eventstoredb', url, prefix: 'writ.', client: 'eventstore' });
    expect(storeSelection({ WRIT_STORE: 'eventstoredb', WRIT_ESDB_URL: 'esdb+discover://cluster.local:2113', WRIT_ESDB_PREFIX: 'acme-writ.' })).toMatchObject({
      prefix: 'acme-writ.',
      client: 'eventstore',
    });
    for (const scheme of ['kurrentdb', 'kurrentdb+discover', 'kurrent', 'kdb+discover']) {
      expect(storeSelection({ WRIT_STORE: 'eventstoredb', WRIT_ESDB_URL: `${scheme}://a:2113?tls=false` })).toMatchObject({ client: 'kurrentdb' });
    }
  });

  it('takes the client library from WRIT_ESDB_CLIENT over the scheme', () => {
    expect(storeSelection({ WRIT_STORE: 'eventstoredb', WRIT_ESDB_URL: 'esdb://a:2113', WRIT_ESDB_CLIENT: 'kurrentdb' })).toMatchObject({ client: 'kurrentdb' });
    expect(storeSelection({ WRIT_STORE: 'eventstoredb', WRIT_ESDB_URL: 'kurrentdb://a:2113', WRIT_ESDB_CLIENT: 'eventstore' })).toMatchObject({ client: 'eventstore' });
  });

  it('stops at start on a bad value, naming the variable', () => {
    expect(() => storeSelection({ WRIT_STORE: 'postgres' })).toThrow(/WRIT_STORE/);
    expect(() => storeSelection({ WRIT_STORE: 'eventstoredb' })).toThrow(/WRIT_ESDB_URL/);
    expect(() => storeSelection({ WRIT_STORE: 'eventstoredb', WRIT_ESDB_URL: 'http://x' })).toThrow(/WRIT_ESDB_URL/);
    expect(() => storeSelection({ WRIT_STORE: 'eventstoredb', WRIT_ESDB_URL: 'kurrentdb://' })).toThrow(/WRIT_ESDB_URL/);
    expect(() => storeSelection({ WRIT_STORE: 'eventstoredb', WRIT_ESDB_URL: 'esdb://x', WRIT_ESDB_PREFIX: 'a b' })).toThrow(/WRIT_ESDB_PREFIX/);
    expect(() => storeSelection({ WRIT_STORE: 'eventstoredb', WRIT_ESDB_URL: 'esdb://x', WRIT_ESDB_CLIENT: 'grpc' })).toThrow(/WRIT_ESDB_CLIENT must be eventstore or kurrentdb/);
  });
});
