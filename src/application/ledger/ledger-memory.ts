// Everything the single writer keeps in memory: the domain state folded from every
// event (decisions are evaluated against it, at the head, never a cache of answers),
// each stream's tip for sealing the next envelope, the Merkle log, and the verifiable
// state map whose root the log's checkpoints carry.
import { emptyLedgerState, entitiesChangedBy, evolve, LedgerStateMap, viewOf, type EntityRef, type LedgerState, type LedgerView, type RecordedEvent } from '../../domain';
import type { ChainTip } from '../../integrity/envelope';
import type { EventStore } from '../../storage/event-store.port';
import { recordedFromStored } from './ledger-events';
import type { MerkleLog } from './merkle-log';

const PAGE = 4096;

export interface LedgerMemoryOptions {
  /** false: keep no state map (a read-only copy, which never signs a checkpoint). */
  readonly stateMap?: boolean;
}

export class LedgerMemory {
  state: LedgerState = emptyLedgerState();
  view: LedgerView = viewOf(this.state);
  readonly tips = new Map<string, ChainTip>();
  /** recordedAt of the latest event: the ledger clock never goes below it. */
  lastRecordedAt = 0;
  private stateMap: LedgerStateMap | undefined;
  /**
   * Per event folded but not yet in the log, the entities it changed. The map takes them
   * only once the event is in the log (logged()), so a checkpoint signed in between
   * (a read while a batch is being written) carries the root at its own tree size.
   */
  private readonly unlogged: (readonly EntityRef[])[] = [];
  /**
   * Entities changed by logged events whose records the map has not taken yet, by
   * `<kind>:<id>`. They are taken when a root is wanted or before the next event is
   * folded, whichever comes first: an entity a batch (or a start's catch-up) changes
   * many times is hashed into the map once (bench row "signed appends, runtime alone").
   */
  private readonly untaken = new Map<string, EntityRef>();

  constructor(readonly log: MerkleLog, options: LedgerMemoryOptions = {}) {
    if (options.stateMap === false) return;
    this.stateMap = new LedgerStateMap();
    log.commitState(() => {
      this.takeRecords();
      return this.stateMap!.rootHash();
    });
  }

  /** Forgets everything; catchUp then rebuilds from the store, the source of truth. */
  reset(): void {
    this.state = emptyLedgerState();
    this.view = viewOf(this.state);
    this.tips.clear();
    this.log.reset();
    if (this.stateMap !== undefined) this.stateMap = new LedgerStateMap();
    this.unlogged.length = 0;
    this.untaken.clear();
  }

  get size(): number {
    return this.state.size;
  }

  /**
   * Folds one event in: domain state, stream tip, and (once committed) the Merkle log.
   * Until it is logged, the state is ahead of the log: the records of entities that
   * logged events changed are taken first, as they are at the log's size.
   */
  apply(recorded: RecordedEvent, revision: number): void {
    this.takeRecords();
    this.fold(recorded, revision);
  }

  private fold(recorded: RecordedEvent, revision: number): void {
    evolve(this.state, recorded);
    this.unlogged.push(this.stateMap === undefined ? [] : entitiesChangedBy(this.state, recorded));
    this.tips.set(recorded.stream, { revision, hash: recorded.hash });
    this.lastRecordedAt = Math.max(this.lastRecordedAt, Date.parse(recorded.recordedAt));
  }

  /**
   * Appends the oldest folded event to the Merkle log (once durable) and its status
   * changes to the state map. Records are read from the state when the map takes them:
   * within a batch that is the state after the whole batch, which the batch's
   * checkpoint commits to.
   */
  logged(envelopeHash: string): void {
    this.log.append(envelopeHash);
    for (const ref of this.unlogged.shift() ?? []) this.untaken.set(`${ref.kind}:${ref.id}`, ref);
  }

  private takeRecords(): void {
    if (this.untaken.size === 0 || this.stateMap === undefined) return;
    for (const { kind, id } of this.untaken.values()) this.stateMap.take(this.state, kind, id);
    this.untaken.clear();
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
        // Folded and logged at once: the state never gets ahead of the log here.
        this.fold(recorded, stored.revision);
        this.logged(stored.hash);
        onEvent?.(recorded);
      }
      folded += page.length;
      if (page.length < PAGE) return folded;
    }
  }
}
