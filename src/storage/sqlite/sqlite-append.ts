// One batch, one transaction: every request is judged (duplicate, then expected
// revision) and written inside a single BEGIN IMMEDIATE ... COMMIT, so the batch costs
// one WAL sync however many requests it holds.
import type Database from 'better-sqlite3';
import { globalPosition, streamRevision, type StreamRevision } from '../../integrity/brands';
import type { AppendRequest, AppendResult, EventToAppend, StoredEvent } from '../event-store.port';
import type { ReadStatements, WriteStatements } from './sqlite-statements';

type Head = StreamRevision | 'no_stream';

/** What the transaction knows so far: the next position and the heads it has touched. */
class BatchState {
  private readonly heads = new Map<string, Head>();
  nextPosition: number;

  constructor(private readonly reads: ReadStatements) {
    this.nextPosition = reads.size.get()!.size;
  }

  head(stream: string): Head {
    let head = this.heads.get(stream);
    if (head === undefined) {
      const revision = this.reads.head.get(stream)!.revision;
      head = revision === null ? 'no_stream' : streamRevision(revision);
      this.heads.set(stream, head);
    }
    return head;
  }

  advance(stream: string, head: StreamRevision): void {
    this.heads.set(stream, head);
  }
}

/**
 * Returns the function that appends a batch. It must run with the write lock held from
 * the start (`.immediate`): the judgement reads first and writes after, and a deferred
 * transaction upgrading to a write lock can fail at once instead of waiting for the lock.
 */
export function batchAppender(
  db: Database.Database,
  reads: ReadStatements,
  writes: WriteStatements,
): (requests: readonly AppendRequest[]) => AppendResult[] {
  const transaction = db.transaction((requests: readonly AppendRequest[]) => {
    const batch = new BatchState(reads);
    return requests.map((request) => appendOne(request, batch, reads, writes));
  });
  return (requests) => transaction.immediate(requests);
}

function appendOne(request: AppendRequest, batch: BatchState, reads: ReadStatements, writes: WriteStatements): AppendResult {
  const originals = findOriginals(request.events, reads);
  if (originals.length > 0) return { status: 'duplicate', events: originals };
  const actual = batch.head(request.stream);
  if (actual !== request.expectedRevision) {
    return { status: 'conflict', stream: request.stream, expected: request.expectedRevision, actual };
  }
  const first = actual === 'no_stream' ? 0 : actual + 1;
  const events = request.events.map((event, i) => insert(request.stream, first + i, event, batch, writes));
  const last = events.at(-1);
  if (last) batch.advance(request.stream, last.revision);
  return { status: 'appended', events };
}

/** Stored events that share an (actor, nonce) with the request, in request order. */
function findOriginals(events: readonly EventToAppend[], reads: ReadStatements): StoredEvent[] {
  const found: StoredEvent[] = [];
  for (const event of events) {
    const original = reads.byActorNonce.get(event.actor, event.nonce);
    if (original) found.push(original);
  }
  return found;
}

function insert(stream: string, revision: number, event: EventToAppend, batch: BatchState, writes: WriteStatements): StoredEvent {
  const position = batch.nextPosition++;
  writes.insert.run(position, stream, revision, event.type, event.actor, event.nonce, event.hash, event.data);
  return {
    position: globalPosition(position),
    stream,
    revision: streamRevision(revision),
    type: event.type,
    actor: event.actor,
    nonce: event.nonce,
    hash: event.hash,
    data: event.data,
  };
}
