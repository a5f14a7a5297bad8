// Everything the single writer keeps in memory: the domain state folded from every
// event (decisions are evaluated against it, at the head, never a cache of answers),
// each stream's tip for sealing the next envelope, the Merkle log, and the verifiable
// state map whose root the log's checkpoints carry.
import { emptyLedgerState, entitiesChangedBy, evolve, viewOf, type EntityRef, type LedgerState, type LedgerView, type RecordedEvent } from '../../domain';
import type { ChainTip } from '../../integrity/envelope';
import type { EventStore } from '../../storage/event-store.port';
import { recordedFromStored } from './ledger-events';
import type { MerkleLog } from './merkle-log';
import { StateRoots, type StateRootsOptions } from './state-roots';

const PAGE = 4096;

export interface LedgerMemoryOptions {
  /** Where the state map is kept (state-roots.ts); false: no map (a copy that never signs). */
  readonly stateRoots?: StateRootsOptions | false;
}

export class LedgerMemory {
  state: LedgerState = emptyLedgerState();
  view: LedgerView = viewOf(this.state);
  readonly tips = new Map<string, ChainTip>();
  /** recordedAt of the latest event: the ledger clock never goes below it. */
  lastRecordedAt = 0;
  private readonly roots: StateRoots | undefined;
  /**
   * Per event folded but not yet in the log, the entities it changed. The map takes them
   * only once the event is in the log (logged()), so a checkpoint signed in between
   * (a read while a batch is being written) carries the root at its own tree size.
   */
  private readonly unlogged: (readonly EntityRef[])[] = [];

  constructor(readonly log: MerkleLog, options: LedgerMemoryOptions = {}) {
    if (options.stateRoots !== false) {
      const roots = new StateRoots(options.stateRoots);
      this.roots = roots;
      log.commitState(() => roots.rootAt(this.state, log.size, this.unlogged.length === 0));
    }
  }

  /** Where the state map is kept now ('none' for a memory without one). */
  get stateMapWhere(): 'here' | 'thread' | 'none' {
    return this.roots?.where ?? 'none';
  }

  /** Forgets everything; catchUp then rebuilds from the store, the source of truth. */
  reset(): void {
    this.state = emptyLedgerState();
    this.view = viewOf(this.state);
    this.tips.clear();
    this.log.reset();
    this.roots?.reset();
    this.unlogged.length = 0;
  }

  /** Stops the state map's thread, if it has one. */
  close(): void {
    this.roots?.close();
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
    if (this.unlogged.length === 0) this.roots?.take(this.state, this.log.size);
    this.fold(recorded, revision);
  }

  /**
   * The events folded since the last logged one are a batch about to be written: the
   * state map's thread, if it has one, can start on their records now.
   */
  batchFolded(): void {
    this.roots?.batchFolded(this.state, this.unlogged, this.log.size + this.unlogged.length);
  }

  private fold(recorded: RecordedEvent, revision: number): void {
    evolve(this.state, recorded);
    this.unlogged.push(this.roots === undefined ? [] : entitiesChangedBy(this.state, recorded));
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
    const size = this.log.append(envelopeHash) + 1;
    this.roots?.logged(this.unlogged.shift() ?? [], size);
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
      // Each page's records go to the map (on its thread, hashed while the next page is read).
      if (this.unlogged.length === 0) this.roots?.take(this.state, this.log.size);
      folded += page.length;
      if (page.length < PAGE) return folded;
    }
  }
}
