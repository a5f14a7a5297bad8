// (actor, nonce) uniqueness across service replicas, which SQLite gets from a unique
// index and EventStoreDB cannot enforce atomically across streams. Before its data is
// written, each event claims a marker stream `<prefix>n.<sha256(actor,nonce)>` with an
// exact expected revision (NO_STREAM for the first claim). The claim records the target
// stream and expected revision; a second claimer of the same pair meets a wrong expected
// version, reads the claim, and then: finds the committed original (the pair is taken),
// or sees that the claimed slot holds another event (the claim lost its race and is
// stale: it is released and claimed again), or refuses with a retryable
// `store.unavailable` while the first claimer may still be writing. A claim whose data
// append conflicts is released. Marker streams are outside the data prefix, so they
// never appear in the global log.
import { storeError, type AppendRequest, type EventToAppend } from '../event-store.port';
import type { EsdbCatalog } from './esdb-catalog';
import { binaryEvent, type ExpectedRevision } from './esdb-client';
import type { EsdbGateway } from './esdb-gateway';
import { claimId, releaseId, type StreamNames } from './esdb-ids';

const CLAIMED = 'writ.nonce-claimed';
const RELEASED = 'writ.nonce-released';
const MAX_ATTEMPTS = 8;

export interface Claim {
  readonly stream: string;
  readonly id: string;
}

export class NonceClaims {
  constructor(
    private readonly gateway: EsdbGateway,
    private readonly names: StreamNames,
    private readonly ledgerId: string,
    private readonly catalog: EsdbCatalog,
    /** Brings the catalog up to the end of $all. */
    private readonly catchUp: () => Promise<void>,
  ) {}

  /** Claims the (actor, nonce) marker stream for this request; 'taken' when the pair is already stored. */
  async claim(request: AppendRequest, event: EventToAppend): Promise<Claim | 'taken'> {
    const stream = this.names.claim(event.actor, event.nonce);
    const id = claimId(this.ledgerId, event.actor, event.nonce, request.stream, request.expectedRevision);
    const body = JSON.stringify({ stream: request.stream, expectedRevision: request.expectedRevision, actor: event.actor, nonce: event.nonce });
    let expected: ExpectedRevision = 'no_stream';
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const outcome = await this.gateway.write(stream, expected, [binaryEvent({ id, type: CLAIMED, data: Buffer.from(body, 'utf8') })]);
      if (outcome.kind === 'ok') return { stream, id };
      const last = await this.gateway.last(stream);
      if (last === undefined) {
        expected = 'no_stream';
        continue;
      }
      if (last.type === RELEASED) {
        expected = BigInt(last.revision);
        continue;
      }
      await this.catchUp();
      if (this.catalog.find(event.actor, event.nonce)) return 'taken';
      const held = JSON.parse(last.data) as { stream: string; expectedRevision: number | 'no_stream' };
      const slot = held.expectedRevision === 'no_stream' ? 0 : held.expectedRevision + 1;
      const head = this.catalog.head(held.stream);
      if (head === 'no_stream' || head < slot) {
        throw storeError('store.unavailable', `(${event.actor}, ${event.nonce}) is being written by another writer`, { retryable: true });
      }
      // The claimed slot holds another event: that claim lost its race and is stale.
      await this.releaseAt(stream, last.id, last.revision);
      expected = BigInt(last.revision + 1);
    }
    throw storeError('store.unavailable', `(${event.actor}, ${event.nonce}): could not claim the pair`, { retryable: true });
  }

  /** Releases claims this writer still holds (a claim someone else replaced is left alone). */
  async release(claims: readonly Claim[]): Promise<void> {
    for (const claim of claims) {
      const last = await this.gateway.last(claim.stream);
      if (last?.id !== claim.id) continue;
      await this.releaseAt(claim.stream, claim.id, last.revision);
    }
  }

  private async releaseAt(stream: string, claim: string, revision: number): Promise<void> {
    await this.gateway.write(stream, BigInt(revision), [binaryEvent({ id: releaseId(claim), type: RELEASED, data: Buffer.from('{}') })]);
  }
}
