// The adapter's view of the ledger's part of $all: every event of the ledger's streams,
// in $all order, so that an event's port position is its rank among the ledger's events
// in $all. Every replica reading the same $all derives the same ranks, hence the same
// Merkle leaves and checkpoints. EventStoreDB positions ({commit, prepare}) are kept to
// resume reading and compared for equality only, never used for arithmetic.
import { globalPosition, streamRevision } from '../../integrity/brands';
import type { StoredEvent } from '../event-store.port';
import type { EsdbPosition } from './esdb-client';

export type { EsdbPosition } from './esdb-client';

export class EsdbCatalog {
  readonly events: StoredEvent[] = [];
  /** The EventStoreDB position of each event, by port position (kept, never computed with). */
  readonly esdbPositions: EsdbPosition[] = [];
  /** Where reading $all resumes (the last record examined, ledger's or not). */
  lastExamined: EsdbPosition | undefined;
  private readonly byPair = new Map<string, StoredEvent>();
  private readonly byStreamRevision = new Map<string, StoredEvent>();
  private readonly heads = new Map<string, number>();

  add(event: Omit<StoredEvent, 'position'>, at: EsdbPosition): StoredEvent {
    const stored: StoredEvent = { ...event, position: globalPosition(this.events.length), revision: streamRevision(event.revision) };
    this.events.push(stored);
    this.esdbPositions.push(at);
    this.byPair.set(pairKey(event.actor, event.nonce), stored);
    this.byStreamRevision.set(revisionKey(event.stream, event.revision), stored);
    this.heads.set(event.stream, event.revision);
    return stored;
  }

  find(actor: string, nonce: string): StoredEvent | undefined {
    return this.byPair.get(pairKey(actor, nonce));
  }

  at(stream: string, revision: number): StoredEvent | undefined {
    return this.byStreamRevision.get(revisionKey(stream, revision));
  }

  head(stream: string): number | 'no_stream' {
    return this.heads.get(stream) ?? 'no_stream';
  }
}

function pairKey(actor: string, nonce: string): string {
  return JSON.stringify([actor, nonce]);
}

function revisionKey(stream: string, revision: number): string {
  return `${revision}:${stream}`;
}

export function samePosition(a: EsdbPosition | undefined, b: EsdbPosition | undefined): boolean {
  return a !== undefined && b !== undefined && a.commit === b.commit && a.prepare === b.prepare;
}
