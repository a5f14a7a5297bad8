import { claimClientLibrary, clientLibraryFor, connectionStringFor, isEsdbConnectionString } from './esdb-client';

describe('choosing the EventStoreDB client library', () => {
  it('goes by the connection string scheme unless told', () => {
    expect(clientLibraryFor('esdb://a:2113')).toBe('eventstore');
    expect(clientLibraryFor('esdb+discover://a:2113')).toBe('eventstore');
    expect(clientLibraryFor('kurrentdb://a:2113')).toBe('kurrentdb');
    expect(clientLibraryFor('kdb+discover://a:2113')).toBe('kurrentdb');
    expect(clientLibraryFor('esdb://a:2113', 'kurrentdb')).toBe('kurrentdb');
  });

  it('gives each library the scheme it parses, keeping hosts and settings', () => {
    expect(connectionStringFor('kurrentdb+discover://u:p@a:2113,b:2113?tls=false', 'eventstore')).toBe('esdb+discover://u:p@a:2113,b:2113?tls=false');
    expect(connectionStringFor('esdb://a:2113?tls=false&nodePreference=leader', 'kurrentdb')).toBe('kurrentdb://a:2113?tls=false&nodePreference=leader');
    expect(connectionStringFor('kurrent://a:2113', 'kurrentdb')).toBe('kurrentdb://a:2113');
  });

  it('knows a connection string from anything else', () => {
    expect(isEsdbConnectionString('kurrentdb://a:2113')).toBe(true);
    expect(isEsdbConnectionString('kurrentdb://')).toBe(false);
    expect(isEsdbConnectionString('https://a:2113')).toBe(false);
  });

  it('refuses a second library in one process (their generated protobuf classes share one global namespace)', () => {
    claimClientLibrary('kurrentdb');
    claimClientLibrary('kurrentdb');
    expect(() => claimClientLibrary('eventstore')).toThrow(/already uses @kurrent\/kurrentdb-client; @eventstore\/db-client cannot be loaded beside it/);
  });
});
