// One pass over the log up to the bundle's checkpoint: the whole state and the state
// map as of that checkpoint (the proofs and the records), the Merkle tree of its size
// (the inclusion proofs), and, per status stream, the positions of its events (to carry
// streams whole). Its cost is one read of the log prefix, as `writ verify` without the
// signature and rule checks; a bundle is an audit artefact, not a hot path.
import { emptyLedgerState, evolve, LedgerStateMap, recordedFromEnvelope, type LedgerState, type RecordedEvent } from '../../domain';
import { equalBytes, hexToBytes } from '../../integrity/bytes';
import type { Envelope } from '../../integrity/envelope';
import { MemoryNodeStore, MerkleTree } from '../../integrity/merkle';
import type { StateSnapshot } from '../../integrity/state-map';
import type { EventStore, StoredEvent } from '../../storage/event-store.port';

const PAGE = 2048;

export interface FoldedLog {
  readonly size: number;
  readonly state: LedgerState;
  readonly map: StateSnapshot;
  readonly tree: MerkleTree;
  /** Status stream -> positions of its events, ascending. */
  readonly streams: ReadonlyMap<string, number[]>;
}

/** Streams a bundle never carries whole: decisions are picked one by one, checkpoints never. */
export const isStatusStream = (stream: string): boolean => !stream.startsWith('actions-') && stream !== 'checkpoints';

export async function foldLog(store: Pick<EventStore, 'readAll'>, size: number): Promise<FoldedLog> {
  const state = emptyLedgerState();
  const map = new LedgerStateMap();
  const tree = new MerkleTree(new MemoryNodeStore());
  const streams = new Map<string, number[]>();
  for (let at = 0; at < size; ) {
    const page = await store.readAll(at, Math.min(PAGE, size - at));
    if (page.length === 0) throw new Error(`the store ends at ${at}, before the checkpoint's ${size}`);
    for (const stored of page) {
      const recorded = recordedOf(stored);
      evolve(state, recorded);
      map.afterEvent(state, recorded);
      tree.append(hexToBytes(stored.hash));
      if (isStatusStream(stored.stream)) {
        const list = streams.get(stored.stream);
        if (list === undefined) streams.set(stored.stream, [stored.position]);
        else list.push(stored.position);
      }
    }
    at += page.length;
  }
  return { size, state, map: map.snapshot(), tree, streams };
}

export function recordedOf(stored: StoredEvent): RecordedEvent {
  return recordedFromEnvelope(JSON.parse(stored.data) as Envelope, stored.position);
}

/** True when the folded map's root is the one the checkpoint signed. */
export const sameRoot = (folded: FoldedLog, signed: Uint8Array): boolean => equalBytes(folded.map.rootHash(), signed);
