import { storeSelection } from '../../src/config/writ-config';

describe('WRIT_STORE / WRIT_ESDB_URL', () => {
  it('defaults to the embedded SQLite store', () => {
    expect(storeSelection({})).toEqual({ kind: 'sqlite' });
  });

  it('selects EventStoreDB with its connection string and the default prefix', () => {
    const url = 'esdb://a:2113,b:2113,c:2113?tls=false&nodePreference=leader';
    expect(storeSelection({ WRIT_STORE: 'eventstoredb', WRIT_ESDB_URL: url })).toEqual({ kind: 'eventstoredb', url, prefix: 'writ.' });
    expect(storeSelection({ WRIT_STORE: 'eventstoredb', WRIT_ESDB_URL: 'esdb+discover://cluster.local:2113', WRIT_ESDB_PREFIX: 'acme-writ.' })).toMatchObject({ prefix: 'acme-writ.' });
  });

  it('stops at start on a bad value, naming the variable', () => {
    expect(() => storeSelection({ WRIT_STORE: 'postgres' })).toThrow(/WRIT_STORE/);
    expect(() => storeSelection({ WRIT_STORE: 'eventstoredb' })).toThrow(/WRIT_ESDB_URL/);
    expect(() => storeSelection({ WRIT_STORE: 'eventstoredb', WRIT_ESDB_URL: 'http://x' })).toThrow(/WRIT_ESDB_URL/);
    expect(() => storeSelection({ WRIT_STORE: 'eventstoredb', WRIT_ESDB_URL: 'esdb://x', WRIT_ESDB_PREFIX: 'a b' })).toThrow(/WRIT_ESDB_PREFIX/);
  });
});
