// The EventStoreDB adapter's suites, run once per client library by thin spec files
// (esdb-event-store.<library>.contract.spec.ts / .int.spec.ts): one process holds one
// library (esdb-client.ts), so the two runs are two files rather than a describe.each.
//
// - The shared contract suite, unchanged, against the adapter over the protocol test
//   server (test/eventstoredb/esdb-test-server.ts) always, and against a real server only
//   when WRIT_ESDB_URL is set (any scheme: it is rewritten for the library); otherwise
//   that run is reported as skipped.
// - What the adapter does beyond the contract: the stream layout, the size limit before
//   sending, the server's own refusal, deterministic ids and idempotent retries, and
//   (actor, nonce) uniqueness across handles (service replicas).
import { randomUUID } from 'node:crypto';
import { runEventStoreContract } from '../event-store.contract';
import { StoreError, type AppendResult } from '../event-store.port';
import { anEvent, appended, events, request } from '../contract/contract-support';
import { startTestServer, type EsdbTestNode } from '../../../test/eventstoredb/esdb-test-server';
import { esdbFixtureFactory } from '../../../test/eventstoredb/esdb-fixtures';
import { binaryEvent, CLIENT_PACKAGES, openEsdbClient, type EsdbClientLibrary } from './esdb-client';
import { EsdbEventStore, type EsdbEventStoreOptions } from './esdb-event-store';
import { eventId } from './esdb-ids';

const maxAppendBytes = 64 * 1024;
const capabilities = { persistence: true, crossHandleFollow: true, maxAppendBytes, followTimeoutMs: 5000, propertyRuns: 25 };

export function esdbContractSuite(library: EsdbClientLibrary): void {
  const client = CLIENT_PACKAGES[library];
  let server: (EsdbTestNode & { connectionString: string }) | undefined;
  beforeAll(async () => {
    server = await startTestServer(library);
  });
  afterAll(async () => {
    await server?.stop();
  });

  runEventStoreContract(`EventStoreDB adapter over ${client} vs protocol test server`, esdbFixtureFactory(() => server!.connectionString, { maxAppendBytes }), capabilities);

  const realServer = process.env.WRIT_ESDB_URL;
  if (realServer) {
    runEventStoreContract(`EventStoreDB adapter over ${client} vs real server at ${realServer}`, esdbFixtureFactory(() => realServer, { maxAppendBytes, client: library }), {
      ...capabilities,
      followTimeoutMs: 10000,
    });
  } else {
    describe.skip(`event store contract: EventStoreDB adapter over ${client} vs real server (skipped: WRIT_ESDB_URL is not set)`, () => {
      it('runs the shared contract suite against the server at WRIT_ESDB_URL', () => undefined);
    });
  }
}

export function esdbAdapterSuite(library: EsdbClientLibrary): void {
  describe(`EventStoreDB adapter over ${CLIENT_PACKAGES[library]} and the protocol test server`, () => {
    let server: EsdbTestNode & { connectionString: string };
    const handles: EsdbEventStore[] = [];
    const open = (ledgerId: string, more: Partial<EsdbEventStoreOptions> = {}) => {
      handles.push(new EsdbEventStore({ connectionString: server.connectionString, ledgerId, ...more }));
      return handles.at(-1)!;
    };

    beforeAll(async () => {
      server = await startTestServer(library, { maxAppendSize: 8 * 1024 });
    });
    afterEach(async () => {
      for (const h of handles.splice(0)) await h.close();
    });
    afterAll(() => server.stop());

    it('talks through the library the connection string names', () => {
      expect(open(randomUUID()).clientLibrary).toBe(library);
      });

    it('maps streams one to one under the ledger prefix, with ids from (ledger, actor, nonce)', async () => {
      const ledger = randomUUID();
      const store = open(ledger);
      const e = anEvent({ actor: 'alice', nonce: 'n-1' });
      await store.append(request('delegation-d1', 'no_stream', [e]));
      const records = server.log.stream(`writ-${ledger}.s.delegation-d1`)!;
      expect(records).toHaveLength(1);
      expect(records[0]!.id).toBe(eventId(ledger, 'alice', 'n-1'));
      expect(Buffer.from(records[0]!.data).toString()).toBe(e.data);
      // Another ledger on the same server sees none of it.
      expect(await open(randomUUID()).size()).toBe(0);
    });

    it('refuses an append over the server limit before sending it', async () => {
      const store = open(randomUUID(), { serverMaxAppendSize: 8 * 1024 });
      const before = server.appendsSeen;
      const big = anEvent({ data: JSON.stringify({ pad: 'x'.repeat(9000) }) });
      await expect(store.append(request('s', 'no_stream', [big]))).rejects.toMatchObject({ code: 'store.too_large' });
      expect(server.appendsSeen).toBe(before);
    });

    it('translates the server\'s own size refusal to store.too_large', async () => {
      const store = open(randomUUID(), { serverMaxAppendSize: 1024 * 1024, nonceClaims: false });
      const big = anEvent({ data: JSON.stringify({ pad: 'x'.repeat(9000) }) });
      const error = await store.append(request('s', 'no_stream', [big])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('store.too_large');
      expect(await store.size()).toBe(0);
    });

    it('returns the original events when a write that already landed is retried with the same ids', async () => {
      const ledger = randomUUID();
      const store = open(ledger);
      const e = anEvent({ actor: 'alice', nonce: 'lost-answer' });
      // The first attempt reached the server, but its answer was lost: written directly here.
      const client = openEsdbClient(server.connectionString);
      const metadata = Buffer.from(JSON.stringify({ actor: e.actor, nonce: e.nonce, hash: e.hash }));
      await client.append(`writ-${ledger}.s.s-1`, [binaryEvent({ id: eventId(ledger, 'alice', 'lost-answer'), type: e.type, data: Buffer.from(e.data), metadata })], 'no_stream');
      await client.dispose();
      const result = await store.append(request('s-1', 'no_stream', [e]));
      expect(result).toEqual({ status: 'duplicate', events: [expect.objectContaining({ actor: 'alice', nonce: 'lost-answer', position: 0, revision: 0 })] });
      expect(server.log.stream(`writ-${ledger}.s.s-1`)).toHaveLength(1);
    });

    it('keeps (actor, nonce) unique across streams when two handles race for it', async () => {
      const ledger = randomUUID();
      const [a, b] = [open(ledger), open(ledger)];
      for (let round = 0; round < 5; round++) {
        const statement = anEvent({ actor: 'alice', nonce: `race-${round}` });
        const results = await Promise.all([
          a.append(request(`a-${round}`, 'no_stream', [statement])).catch((e: unknown) => e),
          b.append(request(`b-${round}`, 'no_stream', [{ ...statement }])).catch((e: unknown) => e),
        ]);
        const written = results.filter((r) => (r as AppendResult).status === 'appended');
        expect(written).toHaveLength(1);
        // The loser learns of the original, or is told to retry while the winner is still writing.
        for (const r of results) {
          if ((r as AppendResult).status === 'appended') continue;
          if (r instanceof StoreError) expect(r.problem).toMatchObject({ code: 'store.unavailable', details: { retryable: true } });
          else expect(r).toEqual({ status: 'duplicate', events: appended(written[0] as AppendResult) });
        }
        const found = await a.findByActorNonce('alice', `race-${round}`);
        expect(found).toBeDefined();
      }
      expect(await b.size()).toBe(5);
    });

    it('reclaims a pair whose claim went stale, and refuses (retryably) while a claim may still be in flight', async () => {
      const ledger = randomUUID();
      const store = open(ledger);
      await store.append(request('s-1', 'no_stream', events(1)));
      // A writer that crashed after claiming: its claim names slot 0 of s-1, now taken by another event.
      const client = openEsdbClient(server.connectionString);
      const claim = (stream: string) => binaryEvent({ id: randomUUID(), type: 'writ.nonce-claimed', data: Buffer.from(JSON.stringify({ stream, expectedRevision: 'no_stream' })) });
      await client.append(store.names.claim('alice', 'stale'), [claim('s-1')], 'no_stream');
      expect(await store.append(request('s-1', 0, [anEvent({ actor: 'alice', nonce: 'stale' })]))).toMatchObject({ status: 'appended', events: [{ revision: 1, position: 1 }] });
      // A claim on a slot that is still free may belong to a writer that is still writing.
      await client.append(store.names.claim('alice', 'pending'), [claim('s-9')], 'no_stream');
      await expect(store.append(request('s-2', 'no_stream', [anEvent({ actor: 'alice', nonce: 'pending' })]))).rejects.toMatchObject({
        code: 'store.unavailable',
        problem: { details: { retryable: true } },
      });
      await client.dispose();
    });

    it('works the same over the unary Append path when the server does not offer BatchAppend', async () => {
      const unary = await startTestServer(library, { batchAppend: false });
      const store = new EsdbEventStore({ connectionString: unary.connectionString, ledgerId: randomUUID() });
      try {
        const [first] = appended(await store.append(request('s-1', 'no_stream', events(2))));
        expect(first).toMatchObject({ position: 0, revision: 0 });
        expect(await store.append(request('s-1', 0, events(1)))).toMatchObject({ status: 'conflict', actual: 1 });
        expect(await store.append(request('s-1', 1, events(1)))).toMatchObject({ status: 'appended', events: [{ revision: 2, position: 2 }] });
      } finally {
        await store.close();
        await unary.stop();
      }
    });
  });
}
