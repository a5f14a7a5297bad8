// Where the writer's state map roots come from (docs/evidence-bundle.md). A small map is
// kept on this thread. Once it holds `threadAt` entities it moves to a thread of its own
// (StateMapThread): the records of a commit batch are sent as soon as the batch is
// folded, so the other core hashes them while this one writes the batch to the store,
// and the root is read back when the batch's checkpoint is signed. The roots are the
// same either way: a map's root depends only on its entries.
//
// Records are read from the state when they are taken or sent. That is always a state
// the log has caught up with (every event folded is logged), except for a batch sent
// before its write: then it is the state after the whole batch, which is the size its
// checkpoint will have.
import {
  canonicalStatusRecord,
  LedgerStateMap,
  statusEntities,
  statusRecord,
  type EntityRef,
  type LedgerState,
} from '../../domain';
import { StateMapThread, type StateMapThreadOptions } from '../../integrity/state-map/state-map-thread';

export interface StateRootsOptions {
  /** Entities at which the map moves to its own thread (default 4,096; Infinity: never). */
  readonly threadAt?: number;
  readonly thread?: StateMapThreadOptions;
}

const DEFAULT_THREAD_AT = 4096;

export class StateRoots {
  private here: LedgerStateMap | undefined = new LedgerStateMap();
  private thread: StateMapThread | undefined;
  /** The thread died once: the map stays here from then on. */
  private threadFailed = false;
  /**
   * Entities changed by logged events and not yet taken (here) or sent (thread), by
   * `<kind>:<id>`: an entity a batch (or a start's catch-up page) changes many times is
   * hashed once (bench row "signed appends, runtime alone in process").
   */
  private readonly untaken = new Map<string, EntityRef>();
  /** Log sizes the thread was sent records for, ascending: its answers are roots at these sizes. */
  private sent: number[] = [];

  constructor(private readonly options: StateRootsOptions = {}) {}

  /** Where the map is kept now (tests and the operations doc read it). */
  get where(): 'here' | 'thread' {
    return this.thread === undefined ? 'here' : 'thread';
  }

  /** The event at log size `size` - 1 is logged; `changed` are the entities it changed. */
  logged(changed: readonly EntityRef[], size: number): void {
    // Sent with its batch before the write already.
    if (size <= (this.sent.at(-1) ?? 0)) return;
    for (const ref of changed) this.untaken.set(`${ref.kind}:${ref.id}`, ref);
  }

  /**
   * Takes (or sends) the records of logged changes. `state` must be the state at log
   * size `size`: the caller calls this before it folds an event the log does not have.
   */
  take(state: LedgerState, size: number): void {
    if (this.untaken.size === 0) return;
    if (this.here !== undefined && !this.threadFailed && this.here.map.size + this.untaken.size >= (this.options.threadAt ?? DEFAULT_THREAD_AT)) {
      this.moveToThread(state, size);
      return;
    }
    if (this.here !== undefined) {
      for (const { kind, id } of this.untaken.values()) this.here.take(state, kind, id);
    } else {
      this.send(state, this.untaken.values(), size);
    }
    this.untaken.clear();
  }

  /**
   * A batch was folded (not yet written): with the map on its thread, its records go
   * there now, as the state after the batch, for the log size `size` it will reach.
   */
  batchFolded(state: LedgerState, changed: readonly (readonly EntityRef[])[], size: number): void {
    if (this.thread === undefined || changed.every((refs) => refs.length === 0)) return;
    const distinct = new Map<string, EntityRef>();
    for (const refs of changed) for (const ref of refs) distinct.set(`${ref.kind}:${ref.id}`, ref);
    this.send(state, distinct.values(), size);
  }

  /**
   * The root at log size `size`. `inStep`: the state is the state at that size (no
   * batch folded and unwritten), which a map that must come back here needs.
   */
  rootAt(state: LedgerState, size: number, inStep: boolean): Uint8Array {
    if (inStep) this.take(state, size);
    if (this.thread !== undefined) {
      const at = this.sent.findLast((s) => s <= size);
      const root = at === undefined ? undefined : this.thread.rootAt(at);
      if (root !== undefined) {
        this.sent = this.sent.filter((s) => s >= at!);
        return root;
      }
      if (!inStep) throw new Error('the state map thread stopped while a batch was being written: the checkpoint is signed once the batch is');
      this.comeBack(state);
    }
    return this.here!.rootHash();
  }

  /** Forgets everything (the ledger rebuilds its memory from the store); the map starts here again. */
  reset(): void {
    this.thread?.close();
    this.thread = undefined;
    this.here = new LedgerStateMap();
    this.untaken.clear();
    this.sent = [];
  }

  close(): void {
    this.thread?.close();
    this.thread = undefined;
  }

  private moveToThread(state: LedgerState, size: number): void {
    this.thread = new StateMapThread(this.options.thread);
    this.here = undefined;
    this.untaken.clear();
    this.send(state, statusEntities(state), size);
  }

  /** The thread is gone: the map is built here from the state, and stays here. */
  private comeBack(state: LedgerState): void {
    this.thread?.close();
    this.thread = undefined;
    this.threadFailed = true;
    this.sent = [];
    this.untaken.clear();
    this.here = new LedgerStateMap();
    for (const { kind, id } of statusEntities(state)) this.here.take(state, kind, id);
  }

  private send(state: LedgerState, refs: Iterable<EntityRef>, size: number): void {
    const names: string[] = [];
    const texts: string[] = [];
    for (const { kind, id } of refs) {
      const record = statusRecord(state, kind, id);
      if (record === undefined) continue;
      names.push(`${kind}:${id}`);
      texts.push(canonicalStatusRecord(record));
    }
    this.thread!.send(size, names, texts);
    this.sent.push(size);
  }
}
