// The calls the EventStoreDB adapter makes, each retried with the same arguments while
// its outcome is unknown (connection dropped, leader changed, deadline passed), then
// translated into the port's errors. Exact expected revisions and deterministic event
// ids make a retried append safe: the server answers a retry of a write that landed as
// a success without writing again.
import { BACKWARDS, END, FORWARDS, START, type EsdbClient, type EsdbEventData, type ExpectedRevision } from './esdb-client';
import { streamRevision, type StreamRevision } from '../../integrity/brands';
import { storeError } from '../event-store.port';
import type { EsdbPosition } from './esdb-catalog';
import { actualRevisionOf, isRetryableEsdbError, isStreamNotFound, translateEsdbError } from './esdb-errors';

export type WriteOutcome = { readonly kind: 'ok' } | { readonly kind: 'conflict'; readonly actual: StreamRevision | 'no_stream' };

export type EsdbEvent = EsdbEventData;

/** The last event of a (small) stream, as the nonce claims read it. */
export interface LastEvent {
  readonly id: string;
  readonly revision: number;
  readonly type: string;
  readonly data: string;
}

/** One record of $all, the ledger's or not. */
export interface AllRecord {
  readonly position: EsdbPosition;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly data: Uint8Array;
  readonly metadata: unknown;
}

export interface GatewaySettings {
  /** Retries of a call whose outcome is unknown, with backoff from `retryDelayMs`. */
  readonly retries: number;
  readonly retryDelayMs: number;
}

export class EsdbGateway {
  constructor(
    private readonly client: EsdbClient,
    private readonly settings: GatewaySettings,
    private readonly isClosed: () => boolean,
  ) {}

  /** One append at an exact expectation, retried with the same ids while its outcome is unknown. */
  write(stream: string, expected: ExpectedRevision, events: readonly EsdbEvent[]): Promise<WriteOutcome> {
    return this.withRetry('append', async () => {
      try {
        await this.client.append(stream, events, expected);
        return { kind: 'ok' } as const;
      } catch (error) {
        const actual = actualRevisionOf(error);
        if (actual !== undefined) return { kind: 'conflict', actual: actual === 'no_stream' ? actual : streamRevision(Number(actual)) } as const;
        throw error;
      }
    });
  }

  /** The revisions a read of the stream returns; a stream that does not exist reads as empty. */
  revisions(stream: string, options: { readonly fromRevision?: number; readonly backwards: boolean; readonly limit: number }): Promise<number[]> {
    const fromRevision = options.fromRevision !== undefined ? BigInt(options.fromRevision) : options.backwards ? END : START;
    return this.withRetry('read stream', async () => {
      const found: number[] = [];
      try {
        for await (const resolved of this.client.readStream(stream, { fromRevision, direction: options.backwards ? BACKWARDS : FORWARDS, maxCount: options.limit })) {
          if (resolved.event) found.push(Number(resolved.event.revision));
        }
      } catch (error) {
        if (isStreamNotFound(error)) return [];
        throw error;
      }
      return found;
    });
  }

  /** The stream's last revision, read from the server. */
  head(stream: string): Promise<StreamRevision | 'no_stream'> {
    return this.withRetry('read head', async () => {
      const last = await this.lastOf(stream);
      return last === undefined ? ('no_stream' as const) : streamRevision(last.revision);
    });
  }

  /** The stream's last event, or undefined for a stream that does not exist. */
  last(stream: string): Promise<LastEvent | undefined> {
    return this.withRetry('read claim', () => this.lastOf(stream));
  }

  /** Up to `maxCount` records of $all from `from` (inclusive), forwards. */
  readAll(from: EsdbPosition | typeof START, maxCount: number): Promise<AllRecord[]> {
    return this.withRetry('read $all', async () => {
      const read: AllRecord[] = [];
      for await (const resolved of this.client.readAll({ fromPosition: from, maxCount, direction: FORWARDS })) {
        const e = resolved.event;
        if (!e?.position) continue;
        read.push({ position: e.position, stream: e.streamId, revision: Number(e.revision), type: e.type, data: e.data as Uint8Array, metadata: e.metadata });
      }
      return read;
    });
  }

  // Read to the end, never break out: a ReadStream left before its end keeps the gRPC
  // call registered, and the client's dispose() then waits for it forever.
  private async lastOf(stream: string): Promise<LastEvent | undefined> {
    let last: LastEvent | undefined;
    try {
      for await (const resolved of this.client.readStream(stream, { fromRevision: END, direction: BACKWARDS, maxCount: 1 })) {
        const e = resolved.event;
        if (e) last = { id: e.id, revision: Number(e.revision), type: e.type, data: Buffer.from(e.data as Uint8Array).toString('utf8') };
      }
    } catch (error) {
      if (isStreamNotFound(error)) return undefined;
      throw error;
    }
    return last;
  }

  private async withRetry<T>(action: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      this.assertOpen();
      try {
        return await call();
      } catch (error) {
        if (this.isClosed()) throw storeError('store.unavailable', `${action}: the store is closed`, { retryable: false }, error);
        if (!isRetryableEsdbError(error) || attempt >= this.settings.retries) throw translateEsdbError(error, action);
        await new Promise((r) => setTimeout(r, Math.min(1000, this.settings.retryDelayMs * 2 ** Math.min(attempt, 6))));
      }
    }
  }

  private assertOpen(): void {
    if (this.isClosed()) throw storeError('store.unavailable', 'the EventStoreDB store is closed', { retryable: false });
  }
}
