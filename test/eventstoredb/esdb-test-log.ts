// The one log the nodes of a protocol test server serve (esdb-test-server.ts): the
// index writer's commit check and the records of $all.
//
// - Expected revisions: exact revision, no_stream, any, stream_exists. Idempotency as the
//   server documents it for every expectation but ANY: when the expected revision is
//   behind the stream and the events right after it carry the same event ids, the write
//   succeeds again without writing (current revision = the last of those events, no
//   position); when only some of them match, it is a wrong expected version. ANY is not
//   made idempotent at all (the real server's check is best-effort).
// - Positions are {commit, prepare}, equal and growing by each record's size plus a
//   header, so they are not dense indices; a few system records ($epoch-information,
//   $scavenges) are written at start so that $all is never only the ledger's events.
import { randomUUID } from 'node:crypto';

const RECORD_HEADER = 64;

export interface TestRecord {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
  readonly created: bigint;
  /** Commit and prepare positions (equal here); not dense. */
  readonly position: bigint;
}

export interface Proposed {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

/** What the client may expect: an exact revision, or one of the named expectations. */
export type Expectation = { kind: 'revision'; revision: number } | { kind: 'no_stream' } | { kind: 'any' } | { kind: 'stream_exists' };

export type WriteOutcome =
  | { kind: 'written'; lastRevision: number; position: bigint }
  | { kind: 'idempotent'; lastRevision: number }
  | { kind: 'wrong_expected_version'; current: number | undefined };

/** The one log every node of a test cluster serves. */
export class TestLog {
  readonly records: TestRecord[] = [];
  private readonly streams = new Map<string, TestRecord[]>();
  private readonly listeners = new Set<() => void>();
  private nextPosition = 0n;
  /** Retries the commit check recognised as already written (and did not write again). */
  idempotentWrites = 0;

  constructor() {
    this.write('$epoch-information', { kind: 'any' }, [systemEvent('$epoch-information')]);
    this.write('$scavenges', { kind: 'any' }, [systemEvent('$scavengeIndexInitialized')]);
  }

  get head(): bigint {
    return this.nextPosition;
  }

  stream(name: string): readonly TestRecord[] | undefined {
    return this.streams.get(name);
  }

  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The index writer's commit check, then the write. */
  write(stream: string, expected: Expectation, events: readonly Proposed[]): WriteOutcome {
    const existing = this.streams.get(stream) ?? [];
    const current = existing.length === 0 ? -1 : existing.length - 1;
    if (expected.kind === 'revision' || expected.kind === 'no_stream') {
      const wanted = expected.kind === 'no_stream' ? -1 : expected.revision;
      if (wanted !== current) {
        if (wanted < current && events.length > 0) {
          const following = existing.slice(wanted + 1, wanted + 1 + events.length);
          const matches = following.filter((r, i) => r.id === events[i]!.id).length;
          if (matches === events.length) {
            this.idempotentWrites++;
            return { kind: 'idempotent', lastRevision: wanted + events.length };
          }
        }
        return { kind: 'wrong_expected_version', current: current < 0 ? undefined : current };
      }
    } else if (expected.kind === 'stream_exists' && current < 0) {
      return { kind: 'wrong_expected_version', current: undefined };
    }
    if (events.length === 0) return { kind: 'written', lastRevision: current, position: this.nextPosition };
    let position = this.nextPosition;
    // The server sends `created` as .NET ticks (100 ns) since the Unix epoch (ToTicksSinceEpoch).
    const created = BigInt(Date.now()) * 10_000n;
    for (const [i, e] of events.entries()) {
      position = this.nextPosition;
      const record: TestRecord = { ...e, stream, revision: current + 1 + i, created, position };
      existing.push(record);
      this.records.push(record);
      this.nextPosition += BigInt(RECORD_HEADER + e.data.length + e.customMetadata.length + stream.length);
    }
    this.streams.set(stream, existing);
    for (const listener of [...this.listeners]) listener();
    return { kind: 'written', lastRevision: current + events.length, position };
  }

  /** Index of the first record at or after `position`. */
  indexAtOrAfter(position: bigint): number {
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.records[mid]!.position < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function systemEvent(type: string): Proposed {
  return { id: randomUUID(), type, contentType: 'application/json', data: Buffer.from('{}'), customMetadata: new Uint8Array() };
}
