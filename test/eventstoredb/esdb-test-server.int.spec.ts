// The protocol test server, driven through the real client over loopback: what the
// adapter relies on behaves as the EventStoreDB documentation and source describe.
import { binaryEvent, END, EventStoreDBClient, START, streamNameFilter, type Position } from '@eventstore/db-client';
import { EsdbTestCluster, startTestServer, type EsdbTestNode } from './esdb-test-server';

type Node = EsdbTestNode & { connectionString: string };

const event = (id: string, data = 'x') => binaryEvent({ id, type: 't', data: Buffer.from(data) });
const ids = ['7c5b9f8e-0000-4000-8000-000000000001', '7c5b9f8e-0000-4000-8000-000000000002', '7c5b9f8e-0000-4000-8000-000000000003'];

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe.each([
  ['BatchAppend', true],
  ['Append', false],
])('EventStoreDB protocol test server (%s path)', (_, batchAppend) => {
  let node: Node;
  let client: EventStoreDBClient;
  beforeEach(async () => {
    node = await startTestServer({ batchAppend, maxAppendSize: 4096 });
    client = EventStoreDBClient.connectionString(node.connectionString);
  });
  afterEach(async () => {
    await client.dispose();
    await node.stop();
  });

  it('checks exact expected revisions and reports the actual one', async () => {
    const first = await client.appendToStream('s', [event(ids[0]!)], { expectedRevision: 'no_stream' });
    expect(first).toMatchObject({ success: true, nextExpectedRevision: 0n });
    await expect(client.appendToStream('s', [event(ids[1]!)], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      type: 'wrong-expected-version',
      actualVersion: 0n,
    });
    await expect(client.appendToStream('other', [event(ids[1]!)], { expectedRevision: 3n })).rejects.toMatchObject({
      type: 'wrong-expected-version',
      actualVersion: 'no_stream',
    });
    expect(await client.appendToStream('s', [event(ids[1]!)], { expectedRevision: 0n })).toMatchObject({ success: true, nextExpectedRevision: 1n });
  });

  it('is idempotent for a retry with the same ids at the same exact revision, writing nothing', async () => {
    await client.appendToStream('s', [event(ids[0]!), event(ids[1]!)], { expectedRevision: 'no_stream' });
    await client.appendToStream('s', [event(ids[2]!)], { expectedRevision: 1n });
    const retry = await client.appendToStream('s', [event(ids[0]!), event(ids[1]!)], { expectedRevision: 'no_stream' });
    expect(retry).toMatchObject({ success: true, nextExpectedRevision: 1n, position: undefined });
    expect(node.log.stream('s')).toHaveLength(3);
    // Only some of the ids match: a wrong expected version, not a partial replay.
    await expect(client.appendToStream('s', [event(ids[0]!), event(ids[2]!)], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      type: 'wrong-expected-version',
    });
  });

  it('refuses an append over MaxAppendSize', async () => {
    await expect(client.appendToStream('s', [event(ids[0]!, 'y'.repeat(5000))], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      type: 'maximum-append-size-exceeded',
    });
    expect(node.log.stream('s')).toBeUndefined();
  });

  it('reads a stream forwards and backwards, and $all with positions', async () => {
    await client.appendToStream('s', ids.map((id) => event(id)), { expectedRevision: 'no_stream' });
    const forwards = await collect(client.readStream('s', { fromRevision: 1n, maxCount: 5 }));
    expect(forwards.map((e) => e.event!.revision)).toEqual([1n, 2n]);
    const backwards = await collect(client.readStream('s', { fromRevision: END, direction: 'backwards', maxCount: 2 }));
    expect(backwards.map((e) => e.event!.revision)).toEqual([2n, 1n]);
    await expect(collect(client.readStream('missing'))).rejects.toMatchObject({ type: 'stream-not-found' });
    const all = await collect(client.readAll({ fromPosition: START, maxCount: 100 }));
    expect(all.map((e) => e.event!.streamId)).toEqual(['$epoch-information', '$scavenges', 's', 's', 's']);
    const third = all[3]!.event!.position!;
    const from = await collect(client.readAll({ fromPosition: third, maxCount: 100 }));
    expect(from.map((e) => e.event!.id)).toEqual([ids[1], ids[2]]);
  });
});

describe('EventStoreDB protocol test server: filtered $all subscriptions', () => {
  let node: Node;
  let client: EventStoreDBClient;
  beforeEach(async () => {
    node = await startTestServer();
    client = EventStoreDBClient.connectionString(node.connectionString);
  });
  afterEach(async () => {
    await client.dispose();
    await node.stop();
  });

  it('delivers matching events from a position, checkpoints, caught-up, then live events', async () => {
    for (let i = 0; i < 10; i++) {
      await client.appendToStream(i % 2 === 0 ? 'keep-a' : 'drop-b', [binaryEvent({ type: 't', data: Buffer.from(String(i)) })], {
        expectedRevision: i < 2 ? 'no_stream' : BigInt(Math.floor(i / 2) - 1),
      });
    }
    const checkpoints: Position[] = [];
    const seen: string[] = [];
    const subscription = client.subscribeToAll({
      fromPosition: START,
      filter: streamNameFilter({ prefixes: ['keep-'], maxSearchWindow: 2, checkpointInterval: 1, checkpointReached: (_s, p) => void checkpoints.push(p) }),
    });
    const caughtUp = new Promise<number>((resolve) => subscription.once('caughtUp', () => resolve(seen.length)));
    const done = new Promise<void>((resolve) =>
      subscription.on('data', (resolved) => {
        seen.push(Buffer.from(resolved.event!.data as Uint8Array).toString());
        if (seen.length === 6) resolve();
      }),
    );
    expect(await caughtUp).toBe(5);
    await client.appendToStream('drop-b', [binaryEvent({ type: 't', data: Buffer.from('live-dropped') })], { expectedRevision: 4n });
    await client.appendToStream('keep-a', [binaryEvent({ type: 't', data: Buffer.from('live') })], { expectedRevision: 4n });
    await done;
    await subscription.unsubscribe();
    expect(seen).toEqual(['0', '2', '4', '6', '8', 'live']);
    expect(checkpoints.length).toBeGreaterThanOrEqual(5);
    // Checkpoints are positions in $all, in order; compared, never computed with.
    expect(checkpoints.every((p, i) => i === 0 || p.commit > checkpoints[i - 1]!.commit)).toBe(true);
  });
});

describe('EventStoreDB protocol test server: three nodes behind gossip', () => {
  it('sends the client to the leader, refuses writes on followers with not-leader, and fails over', async () => {
    const cluster = await new EsdbTestCluster(3).start();
    const client = EventStoreDBClient.connectionString(cluster.connectionString);
    try {
      await client.appendToStream('s', [event(ids[0]!)], { expectedRevision: 'no_stream' });
      expect(cluster.nodes[0]!.appendsSeen).toBe(1);
      const follower = EventStoreDBClient.connectionString(`esdb://${cluster.nodes[1]!.endpoint}?tls=false`);
      await expect(follower.appendToStream('s', [event(ids[1]!)], { expectedRevision: 0n })).rejects.toMatchObject({
        type: 'not-leader',
        leader: { address: '127.0.0.1', port: cluster.nodes[0]!.port },
      });
      await follower.dispose();
      cluster.nodes[0]!.kill();
      expect(cluster.leader).toBe(cluster.nodes[1]);
      // The first call after the leader died fails (unavailable); the client then rediscovers.
      let attempts = 0;
      for (;;) {
        attempts++;
        try {
          await client.appendToStream('s', [event(ids[1]!)], { expectedRevision: 0n });
          break;
        } catch (error) {
          if (attempts > 10) throw error;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      expect(cluster.nodes[1]!.appendsSeen).toBe(1);
      expect(cluster.log.stream('s')).toHaveLength(2);
    } finally {
      await client.dispose();
      await cluster.stop();
    }
  });
});
