// The port's append semantics in their plainest form: a list of events scanned from
// scratch for every question. Slow and obviously right, so adapters are compared
// against it rather than against each other.
import { globalPosition, streamRevision, type StreamRevision } from '../../integrity/brands';
import type { AppendRequest, AppendResult, StoredEvent } from '../event-store.port';

export class EventLogModel {
  private readonly log: StoredEvent[] = [];

  get events(): readonly StoredEvent[] {
    return this.log;
  }

  head(stream: string): StreamRevision | 'no_stream' {
    const last = this.log.filter((e) => e.stream === stream).at(-1);
    return last === undefined ? 'no_stream' : last.revision;
  }

  find(actor: string, nonce: string): StoredEvent | undefined {
    return this.log.find((e) => e.actor === actor && e.nonce === nonce);
  }

  streams(): string[] {
    return [...new Set(this.log.map((e) => e.stream))];
  }

  appendBatch(requests: readonly AppendRequest[]): AppendResult[] {
    return requests.map((r) => this.append(r));
  }

  append(request: AppendRequest): AppendResult {
    const originals = request.events.flatMap((e) => this.find(e.actor, e.nonce) ?? []);
    if (originals.length > 0) return { status: 'duplicate', events: originals };
    const actual = this.head(request.stream);
    if (actual !== request.expectedRevision) {
      return { status: 'conflict', stream: request.stream, expected: request.expectedRevision, actual };
    }
    const events = request.events.map((e, i) => ({
      ...e,
      stream: request.stream,
      revision: streamRevision((actual === 'no_stream' ? 0 : actual + 1) + i),
      position: globalPosition(this.log.length + i),
    }));
    this.log.push(...events);
    return { status: 'appended', events };
  }

  copy(): EventLogModel {
    const copy = new EventLogModel();
    copy.log.push(...this.log);
    return copy;
  }
}
