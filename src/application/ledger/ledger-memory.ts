// Everything the single writer keeps in memory: the domain state folded from every
// event (decisions are evaluated against it, at the head, never a cache of answers),
// each stream's tip for sealing the next envelope, and the Merkle log.
import { emptyLedgerState, evolve, viewOf, type LedgerState, type LedgerView, type RecordedEvent } from '../../domain';
import type { ChainTip } from '../../integrity/envelope';
import type { EventStore } from '../../storage/event-store.port';
import { recordedFromStored } from './ledger-events';
import type { MerkleLog } from './merkle-log';

const PAGE = 4096;

export class LedgerMemory {
  state: LedgerState = emptyLedgerState();
  view: LedgerView = viewOf(this.state);
  readonly tips = new Map<string, ChainTip>();
  /** recordedAt of the latest event: the ledger clock never goes below it. */
  lastRecordedAt = 0;

  constructor(readonly log: MerkleLog) {}

  /** Forgets everything; catchUp then rebuilds from the store, the source of truth. */
  reset(): void {
    this.state = emptyLedgerState();
    this.view = viewOf(this.state);
    this.tips.clear();
    this.log.reset();
  }

  get size(): number {
    return this.state.size;
  }

  /** Folds one event in: domain state, stream tip, and (once committed) the Merkle log. */
  apply(recorded: RecordedEvent, revision: number): void {
    evolve(this.state, recorded);
    this.tips.set(recorded.stream, { revision, hash: recorded.hash });
    this.lastRecordedAt = Math.max(this.lastRecordedAt, Date.parse(recorded.recordedAt));
  }

  /**
   * Replays the store from the position this memory has reached; returns the events
   * folded in, for sagas that must finish what a crash interrupted.
   */
  async catchUp(store: EventStore, onEvent?: (recorded: RecordedEvent) => void): Promise<number> {
    let folded = 0;
    for (;;) {
      const page = await store.readAll(this.size, PAGE);
      for (const stored of page) {
        const { recorded } = recordedFromStored(stored);
        this.apply(recorded, stored.revision);
        this.log.append(stored.hash);
        onEvent?.(recorded);
      }
      folded += page.length;
      if (page.length < PAGE) return folded;
    }
  }
}
