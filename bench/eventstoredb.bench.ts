// EventStoreDB adapter figures (issue 9), beside the SQLite adapter in the same run:
// appends per second (one event per request, batches of 16 requests, as the group
// committer sends them) and events per second read from the global log ($all).
//
// THESE MEASURE THE ADAPTER AND THE CLIENT, NOT A REAL EVENTSTOREDB SERVER: the server
// here is the in-process protocol test server (test/eventstoredb/esdb-test-server.ts),
// over a real loopback gRPC connection, with no disk, no replication and no quorum. A
// real cluster adds its own write latency (fsync and replication to a quorum) per append.
// Usage: npm run bench -- eventstoredb   (WRIT_BENCH_ESDB_EVENTS, default 3000;
// WRIT_ESDB_CLIENT=eventstore (default) or kurrentdb picks the client library, one per run)
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamRevision } from '../src/integrity/brands';
import type { AppendRequest, EventStore } from '../src/storage/event-store.port';
import { CLIENT_PACKAGES, ESDB_CLIENT_LIBRARIES, type EsdbClientLibrary } from '../src/storage/eventstoredb/esdb-client';
import { EsdbEventStore } from '../src/storage/eventstoredb/esdb-event-store';
import { SqliteEventStore } from '../src/storage/sqlite/sqlite-event-store';
import { startTestServer } from '../test/eventstoredb/esdb-test-server';
import type { Row } from './harness';

const BATCH = 16;
const note = (library: EsdbClientLibrary) => `adapter + ${CLIENT_PACKAGES[library]} over loopback gRPC to the in-process protocol test server; not a real EventStoreDB server`;

function requests(count: number, tag: string): AppendRequest[][] {
  const batches: AppendRequest[][] = [];
  for (let i = 0; i < count; i += BATCH) {
    batches.push(
      Array.from({ length: Math.min(BATCH, count - i) }, (_, j) => {
        const n = i + j;
        const nonce = `${tag}-${n}`;
        const data = JSON.stringify({ n, pad: 'x'.repeat(700) });
        return {
          stream: `bench-${n % 64}`,
          expectedRevision: n < 64 ? ('no_stream' as const) : streamRevision(Math.floor(n / 64) - 1),
          events: [{ type: 'bench.appended', actor: 'bench', nonce, hash: createHash('sha256').update(nonce).digest('hex'), data }],
        };
      }),
    );
  }
  return batches;
}

async function appendRate(store: EventStore, count: number, tag: string): Promise<number> {
  const batches = requests(count, tag);
  const start = performance.now();
  for (const batch of batches) {
    const results = await store.appendBatch(batch);
    if (results.some((r) => r.status !== 'appended')) throw new Error(`bench append not appended: ${JSON.stringify(results.find((r) => r.status !== 'appended'))}`);
  }
  return count / ((performance.now() - start) / 1000);
}

async function readRate(open: () => EventStore, count: number): Promise<number> {
  const store = open();
  const start = performance.now();
  let read = 0;
  for (let from = 0; ; ) {
    const page = await store.readAll(from, 1000);
    read += page.length;
    from += page.length;
    if (page.length < 1000) break;
  }
  const rate = read / ((performance.now() - start) / 1000);
  await store.close();
  if (read !== count) throw new Error(`read ${read} events, expected ${count}`);
  return rate;
}

export async function eventstoredbBench(): Promise<Row[]> {
  const count = Number(process.env.WRIT_BENCH_ESDB_EVENTS ?? 3000);
  const dir = mkdtempSync(join(tmpdir(), 'writ-bench-esdb-'));
  const library = (process.env.WRIT_ESDB_CLIENT ?? 'eventstore') as EsdbClientLibrary;
  if (!ESDB_CLIENT_LIBRARIES.includes(library)) throw new Error(`WRIT_ESDB_CLIENT must be ${ESDB_CLIENT_LIBRARIES.join(' or ')}, not ${library}`);
  const NOTE = note(library);
  const server = await startTestServer(library);
  try {
    const path = join(dir, 'events.sqlite');
    const sqlite = new SqliteEventStore(path);
    const sqliteAppends = await appendRate(sqlite, count, 'sqlite');
    await sqlite.close();
    const sqliteReads = await readRate(() => new SqliteEventStore(path, { readonly: true }), count);

    const ledgerId = randomUUID();
    const open = (nonceClaims = true) => new EsdbEventStore({ connectionString: server.connectionString, ledgerId, nonceClaims });
    const esdb = open();
    const esdbAppends = await appendRate(esdb, count, 'esdb');
    await esdb.close();
    const unclaimedLedger = randomUUID();
    const unclaimed = new EsdbEventStore({ connectionString: server.connectionString, ledgerId: unclaimedLedger, nonceClaims: false });
    const unclaimedAppends = await appendRate(unclaimed, count, 'esdb-unclaimed');
    await unclaimed.close();
    // A fresh handle: the cold read of $all over gRPC, filtered to the ledger in the adapter
    // ($all also holds the other ledger written above and the marker streams).
    const esdbReads = await readRate(() => open(), count);

    const sqliteAppendRate = { name: 'SQLite adapter appends (durability full)', opsPerSecond: sqliteAppends };
    const sqliteReadRate = { name: 'SQLite adapter readAll', opsPerSecond: sqliteReads };
    return [
      { ...sqliteAppendRate, note: `${count} events, 1 per request, ${BATCH} requests per batch` },
      { name: 'EventStoreDB adapter appends, with (actor, nonce) claims', opsPerSecond: esdbAppends, ceiling: sqliteAppendRate, note: NOTE },
      { name: 'EventStoreDB adapter appends, claims off', opsPerSecond: unclaimedAppends, ceiling: sqliteAppendRate, note: NOTE },
      { ...sqliteReadRate, note: `${count} events, pages of 1000` },
      { name: 'EventStoreDB adapter read of $all (fresh handle)', opsPerSecond: esdbReads, ceiling: sqliteReadRate, note: NOTE },
    ];
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
