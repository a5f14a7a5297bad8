// The anomalies read model (issue 21): the domain's behaviour rules run over the recorded
// decisions as the projection applies them. Each agent's tracker (its bounded baseline
// counters) is kept in `behaviour`, written in the same transaction as the rows and the
// position, so a service that resumes from its remembered position resumes the baselines
// too; the anomalies are append-only rows keyed by the decision that made them fire, so
// "as of" a position is simply `position <= P` and a rebuild gives the same rows.
import type Database from 'better-sqlite3';
import { decisionObservation, newTracker, observe, type BehaviourTracker, type RecordedEvent } from '../../domain';
import type { WriterRef } from './bulk-writer';
import { RowBuffer } from './row-buffer';

/** Trackers kept in memory between transactions (all of them are in the file too). */
const TRACKER_CACHE = 50_000;
const UPSERT = 'INSERT INTO behaviour (agent_id, tracker) VALUES (?, ?) ON CONFLICT (agent_id) DO UPDATE SET tracker = excluded.tracker';

export interface AnomalyRow {
  readonly position: number;
  readonly seq: number;
  readonly agent_id: string;
  readonly owner_id: string | null;
  readonly rule: string;
  readonly severity: string;
  readonly value: number;
  readonly baseline: number;
  readonly threshold: number;
  readonly subject: string | null;
  /** JSON array of the decision positions the anomaly rests on. */
  readonly positions: string;
  readonly recorded_at: number;
}

export class BehaviourRows {
  private readonly trackers = new Map<string, BehaviourTracker>();
  private readonly dirty = new Set<string>();
  private readonly anomalies: RowBuffer;
  private readonly read: Database.Statement;
  private readonly upsert: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly writer: WriterRef,
  ) {
    const columns = (db.prepare('SELECT * FROM anomalies LIMIT 0').columns() as { name: string }[]).map((c) => c.name);
    this.anomalies = new RowBuffer(db, 'anomalies', columns, writer);
    this.read = db.prepare('SELECT tracker FROM behaviour WHERE agent_id = ?').pluck();
    this.upsert = db.prepare(UPSERT);
  }

  /** Folds a decision into its agent's tracker and queues the anomalies it makes fire. */
  apply(event: RecordedEvent, ownerOf: (agentId: string) => string | null): void {
    const observation = decisionObservation(event);
    if (observation === undefined) return;
    const tracker = this.tracker(observation.agentId);
    const fired = observe(tracker, observation);
    this.dirty.add(observation.agentId);
    fired.forEach((a, seq) => {
      const owner = ownerOf(a.agentId);
      this.anomalies.add([event.position, seq, a.agentId, owner, a.rule, a.severity, a.value, a.baseline, a.threshold, a.subject ?? null, JSON.stringify(a.positions), observation.at]);
    });
  }

  /** Writes the anomalies and the trackers that changed (inside the caller's transaction). */
  flush(): void {
    this.anomalies.flush();
    const writer = this.writer.current;
    for (const id of this.dirty) {
      const text = JSON.stringify(this.trackers.get(id));
      if (writer) writer.run(UPSERT, [id, text]);
      else this.upsert.run(id, text);
    }
    this.dirty.clear();
    if (this.trackers.size > TRACKER_CACHE) this.trackers.clear();
  }

  /** Forgets what the failed transaction changed: trackers are read back from the file. */
  clear(): void {
    this.anomalies.clear();
    this.dirty.clear();
    this.trackers.clear();
  }

  private tracker(agentId: string): BehaviourTracker {
    let tracker = this.trackers.get(agentId);
    if (tracker !== undefined) return tracker;
    this.writer.current?.sync();
    const stored = this.read.get(agentId) as string | undefined;
    tracker = stored === undefined ? newTracker() : (JSON.parse(stored) as BehaviourTracker);
    this.trackers.set(agentId, tracker);
    return tracker;
  }
}
