// The read models' append-only rows, buffered during a transaction and written by
// multi-row INSERTs: one `events` row per event, with a decision's columns and the id of
// the chain it cites (each distinct chain written once, with its hops: chain-ids.ts).
import type Database from 'better-sqlite3';
import type { WriterRef } from './bulk-writer';
import { ChainIds } from './chain-ids';
import { RowBuffer } from './row-buffer';
import type { RowChanges } from './rows';

export class EventRows {
  private readonly events: RowBuffer;
  private readonly chains: RowBuffer;
  private readonly chainHopRows: RowBuffer;
  private readonly chainIds: ChainIds;

  constructor(db: Database.Database, writer: WriterRef) {
    const buffer = (table: string) => new RowBuffer(db, table, (db.prepare(`SELECT * FROM ${table} LIMIT 0`).columns() as { name: string }[]).map((c) => c.name), writer);
    this.events = buffer('events');
    this.chains = buffer('chains');
    this.chainHopRows = buffer('chain_hops');
    this.chainIds = new ChainIds(db, this.chains, this.chainHopRows);
  }

  add(changes: RowChanges): void {
    const e = changes.event;
    const d = changes.decision;
    if (d === undefined) this.events.add([e.position, e.recorded_at, e.type, e.stream, e.actor, e.agent_id, e.human_id, e.outcome, e.hash, null, null, null, null, null, null, null, null, null]);
    else {
      this.events.add([
        e.position, e.recorded_at, e.type, e.stream, e.actor, e.agent_id, e.human_id, e.outcome, e.hash,
        d.request_id, d.root_human_id, d.credential_id, d.delegation_id, d.action, d.resource, d.amount, d.reason, this.chainIds.idOf(d.credential_id, d.chain),
      ]);
    }
  }

  flush(): void {
    for (const buffer of [this.events, this.chains, this.chainHopRows]) buffer.flush();
  }

  /** Drops the rows of a transaction that failed. */
  clear(): void {
    for (const buffer of [this.events, this.chains, this.chainHopRows]) buffer.clear();
  }

  /** Forgets the chains seen: after a failed transaction, and when a bulk load ends. */
  resetChainIds(): void {
    this.chainIds.reset();
  }
}
