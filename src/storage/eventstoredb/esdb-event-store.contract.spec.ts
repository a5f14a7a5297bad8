// The shared contract suite, unchanged, against the EventStoreDB adapter: over the
// protocol test server (test/eventstoredb/esdb-test-server.ts) always, and against a real
// server only when WRIT_ESDB_URL is set; otherwise that run is reported as skipped.
import { runEventStoreContract } from '../event-store.contract';
import { startTestServer, type EsdbTestNode } from '../../../test/eventstoredb/esdb-test-server';
import { esdbFixtureFactory } from '../../../test/eventstoredb/esdb-fixtures';

const maxAppendBytes = 64 * 1024;
const capabilities = { persistence: true, crossHandleFollow: true, maxAppendBytes, followTimeoutMs: 5000, propertyRuns: 25 };

let server: (EsdbTestNode & { connectionString: string }) | undefined;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

runEventStoreContract('EventStoreDB adapter vs protocol test server', esdbFixtureFactory(() => server!.connectionString, { maxAppendBytes }), capabilities);

const realServer = process.env.WRIT_ESDB_URL;
if (realServer) {
  runEventStoreContract(`EventStoreDB adapter vs real server at ${realServer}`, esdbFixtureFactory(() => realServer, { maxAppendBytes }), {
    ...capabilities,
    followTimeoutMs: 10000,
  });
} else {
  describe.skip('event store contract: EventStoreDB adapter vs real server (skipped: WRIT_ESDB_URL is not set)', () => {
    it('runs the shared contract suite against the server at WRIT_ESDB_URL', () => undefined);
  });
}
