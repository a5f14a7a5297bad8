// The read side of the LedgerPort over a store and the Merkle log folded from it: the
// same for the writer (LedgerRuntime) and a read-only copy (ReadOnlyLedger), which differ
// in which checkpoint is the latest (the writer signs its own, a copy serves the recorded one).
import type { RecordedEvent } from '../../domain';
import type { Result } from '../../errors/problem';
import type { EventStore } from '../../storage/event-store.port';
import type { EvidenceBundle } from '../../sdk/verify/bundle-format';
import { buildBundle, type EvidenceTarget } from '../evidence/build-bundle';
import { receiptAtPosition, recordedEnvelopeOf, recordedFromStored } from './ledger-events';
import type { LedgerMemory } from './ledger-memory';
import type { Reader, Receipt, RecordedEnvelope, SignedCheckpoint } from './ledger.port';
import { readerOf } from './principal-keys';

export abstract class LedgerReads {
  protected constructor(
    protected readonly store: EventStore,
    protected readonly memory: LedgerMemory,
  ) {}

  abstract get ledgerId(): string;

  abstract latestCheckpoint(): SignedCheckpoint;

  async eventAt(position: number): Promise<RecordedEnvelope | undefined> {
    if (!Number.isSafeInteger(position) || position < 0 || position >= this.size()) return undefined;
    const [stored] = await this.store.readAll(position, 1);
    return stored === undefined ? undefined : recordedEnvelopeOf(stored);
  }

  /**
   * Any event's receipt, as its submitter got one but against the latest checkpoint
   * (taken first: the tree only grows, so the proof for that size stays available). A
   * copy's latest is the recorded one, the one `/checkpoint` serves.
   */
  async receiptAt(position: number): Promise<Receipt | undefined> {
    return receiptAtPosition(this.store, this.memory.log, position, this.latestCheckpoint());
  }

  /** A page of the global log as recorded events (read-model catch-up, in pages). */
  async readLog(fromPosition: number, limit: number): Promise<readonly RecordedEvent[]> {
    const end = Math.min(this.size(), fromPosition + limit);
    if (end <= fromPosition) return [];
    const page = await this.store.readAll(fromPosition, end - fromPosition);
    return page.map((stored) => recordedFromStored(stored).recorded);
  }

  async evidence(target: EvidenceTarget, asOf?: number): Promise<Result<EvidenceBundle>> {
    return buildBundle({ store: this.store, ledgerId: this.ledgerId, size: this.size(), latest: () => this.latestCheckpoint() }, target, asOf);
  }

  async readStream(stream: string, fromRevision: number, limit: number): Promise<readonly RecordedEnvelope[]> {
    const events = await this.store.readStream(stream, { fromRevision, limit });
    return events.map(recordedEnvelopeOf);
  }

  size(): number {
    return this.memory.log.size;
  }

  reader(principalId: string): Reader | undefined {
    return readerOf(this.memory.view, principalId);
  }
}
