// The protocol test server, driven through a real client over loopback: what the adapter
// relies on behaves as the EventStoreDB documentation and source describe. Run once per
// client library by esdb-test-server.<library>.int.spec.ts (one library per process), so
// the server is checked against what each library sends and reads.
import { randomUUID } from 'node:crypto';
import { actualRevisionOf } from '../../src/storage/eventstoredb/esdb-errors';
import {
  BACKWARDS,
  binaryEvent,
  CLIENT_PACKAGES,
  END,
  FORWARDS,
  openEsdbClient,
  START,
  type EsdbClient,
  type EsdbClientLibrary,
  type EsdbPosition,
} from '../../src/storage/eventstoredb/esdb-client';
import { EsdbTestCluster, schemeOf, startTestServer, type EsdbTestNode } from './esdb-test-server';

type Node = EsdbTestNode & { connectionString: string };

const event = (id: string, data = 'x') => binaryEvent({ id, type: 't', data: Buffer.from(data) });
const ids = ['7c5b9f8e-0000-4000-8000-000000000001', '7c5b9f8e-0000-4000-8000-000000000002', '7c5b9f8e-0000-4000-8000-000000000003'];

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** The error an append fails with (the test fails if it succeeds). */
async function failure(append: Promise<unknown>): Promise<unknown> {
  return append.then(
    () => {
      throw new Error('the append succeeded');
    },
    (error: unknown) => error,
  );
}

/** Retries a call that fails while the client finds the new leader (at most 10 attempts). */
async function eventually<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= 10) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export function testServerSuite(library: EsdbClientLibrary): void {
  const over = `over ${CLIENT_PACKAGES[library]}`;

  describe.each([
    ['BatchAppend', true],
    ['Append', false],
  ])(`EventStoreDB protocol test server (%s path) ${over}`, (_, batchAppend) => {
    let node: Node;
    let client: EsdbClient;
    beforeEach(async () => {
      node = await startTestServer(library, { batchAppend, maxAppendSize: 4096 });
      client = openEsdbClient(node.connectionString);
    });
    afterEach(async () => {
      await client.dispose();
      await node.stop();
    });

    it('checks exact expected revisions and reports the actual one', async () => {
      expect(client.library).toBe(library);
      expect(await client.append('s', [event(ids[0]!)], 'no_stream')).toMatchObject({ nextExpectedRevision: 0n, position: expect.anything() });
      const behind = await failure(client.append('s', [event(ids[1]!)], 'no_stream'));
      expect(behind).toMatchObject({ type: 'wrong-expected-version' });
      expect(actualRevisionOf(behind)).toBe(0n);
      const missing = await failure(client.append('other', [event(ids[1]!)], 3n));
      expect(actualRevisionOf(missing)).toBe('no_stream');
      expect(await client.append('s', [event(ids[1]!)], 0n)).toMatchObject({ nextExpectedRevision: 1n });
    });

    it('is idempotent for a retry with the same ids at the same exact revision, writing nothing', async () => {
      await client.append('s', [event(ids[0]!), event(ids[1]!)], 'no_stream');
      await client.append('s', [event(ids[2]!)], 1n);
      const retry = await client.append('s', [event(ids[0]!), event(ids[1]!)], 'no_stream');
      expect(retry).toEqual({ nextExpectedRevision: 1n });
      expect(node.log.stream('s')).toHaveLength(3);
      // Only some of the ids match: a wrong expected version, not a partial replay.
      expect(await failure(client.append('s', [event(ids[0]!), event(ids[2]!)], 'no_stream'))).toMatchObject({ type: 'wrong-expected-version' });
    });

    it('refuses an append over MaxAppendSize', async () => {
      expect(await failure(client.append('s', [event(ids[0]!, 'y'.repeat(5000))], 'no_stream'))).toMatchObject({ type: 'maximum-append-size-exceeded' });
      expect(node.log.stream('s')).toBeUndefined();
    });

    it('reads a stream forwards and backwards, and $all with positions', async () => {
      await client.append('s', ids.map((id) => event(id)), 'no_stream');
      const forwards = await collect(client.readStream('s', { fromRevision: 1n, direction: FORWARDS, maxCount: 5 }));
      expect(forwards.map((e) => e.event!.revision)).toEqual([1n, 2n]);
      const backwards = await collect(client.readStream('s', { fromRevision: END, direction: BACKWARDS, maxCount: 2 }));
      expect(backwards.map((e) => e.event!.revision)).toEqual([2n, 1n]);
      await expect(collect(client.readStream('missing', { fromRevision: START, direction: FORWARDS, maxCount: 10 }))).rejects.toMatchObject({ type: 'stream-not-found' });
      const all = await collect(client.readAll({ fromPosition: START, direction: FORWARDS, maxCount: 100 }));
      expect(all.map((e) => e.event!.streamId)).toEqual(['$epoch-information', '$scavenges', 's', 's', 's']);
      const third = all[3]!.event!.position!;
      const from = await collect(client.readAll({ fromPosition: third, direction: FORWARDS, maxCount: 100 }));
      expect(from.map((e) => e.event!.id)).toEqual([ids[1], ids[2]]);
      // `created` is .NET ticks since the Unix epoch on the wire; both libraries read it as a Date.
      const created = (all[2]!.event as unknown as { created: Date }).created.getTime();
      expect(Math.abs(created - Date.now())).toBeLessThan(60_000);
    });
  });

  describe(`EventStoreDB protocol test server: filtered $all subscriptions ${over}`, () => {
    let node: Node;
    let client: EsdbClient;
    beforeEach(async () => {
      node = await startTestServer(library);
      client = openEsdbClient(node.connectionString);
    });
    afterEach(async () => {
      await client.dispose();
      await node.stop();
    });

    it('delivers matching events from a position, checkpoints, caught-up, then live events', async () => {
      for (let i = 0; i < 10; i++) {
        await client.append(i % 2 === 0 ? 'keep-a' : 'drop-b', [event(randomUUID(), String(i))], i < 2 ? 'no_stream' : BigInt(Math.floor(i / 2) - 1));
      }
      const checkpoints: EsdbPosition[] = [];
      const seen: string[] = [];
      const subscription = client.subscribeToAll({
        fromPosition: START,
        streamPrefixes: ['keep-'],
        maxSearchWindow: 2,
        checkpointInterval: 1,
        checkpointReached: (p) => void checkpoints.push(p),
      });
      const caughtUp = new Promise<number>((resolve) => subscription.once('caughtUp', () => resolve(seen.length)));
      const done = new Promise<void>((resolve) =>
        subscription.on('data', (resolved) => {
          seen.push(Buffer.from(resolved.event!.data as Uint8Array).toString());
          if (seen.length === 6) resolve();
        }),
      );
      expect(await caughtUp).toBe(5);
      await client.append('drop-b', [event(randomUUID(), 'live-dropped')], 4n);
      await client.append('keep-a', [event(randomUUID(), 'live')], 4n);
      await done;
      await subscription.unsubscribe();
      expect(seen).toEqual(['0', '2', '4', '6', '8', 'live']);
      expect(checkpoints.length).toBeGreaterThanOrEqual(5);
      // Checkpoints are positions in $all, in order; compared, never computed with.
      expect(checkpoints.every((p, i) => i === 0 || p.commit > checkpoints[i - 1]!.commit)).toBe(true);
    });
  });

  describe(`EventStoreDB protocol test server: three nodes behind gossip ${over}`, () => {
    it('sends the client to the leader, refuses writes on followers with not-leader, and fails over', async () => {
      const cluster = await new EsdbTestCluster(library, 3).start();
      const client = openEsdbClient(cluster.connectionString);
      try {
        await client.append('s', [event(ids[0]!)], 'no_stream');
        expect(cluster.nodes[0]!.appendsSeen).toBe(1);
        const follower = openEsdbClient(`${schemeOf(library)}://${cluster.nodes[1]!.endpoint}?tls=false`);
        expect(await failure(follower.append('s', [event(ids[1]!)], 0n))).toMatchObject({
          type: 'not-leader',
          leader: { address: '127.0.0.1', port: cluster.nodes[0]!.port },
        });
        await follower.dispose();
        // Reads (the KurrentDB client reads through its own native client) find the leader too.
        expect((await collect(client.readStream('s', { fromRevision: START, direction: FORWARDS, maxCount: 10 }))).map((e) => e.event!.id)).toEqual([ids[0]]);
        cluster.nodes[0]!.kill();
        expect(cluster.leader).toBe(cluster.nodes[1]);
        // The first call after the leader died fails (unavailable); the client then
        // rediscovers. So does the KurrentDB client's native reader, on its own.
        await eventually(() => client.append('s', [event(ids[1]!)], 0n));
        expect(cluster.nodes[1]!.appendsSeen).toBe(1);
        expect(cluster.log.stream('s')).toHaveLength(2);
        const read = await eventually(() => collect(client.readStream('s', { fromRevision: START, direction: FORWARDS, maxCount: 10 })));
        expect(read.map((e) => e.event!.id)).toEqual([ids[0], ids[1]]);
      } finally {
        await client.dispose();
        await cluster.stop();
      }
    });
  });
}
