// What a LedgerRuntime is opened with, and the hooks it reports through (metrics).
import type { RecordedEvent } from '../../domain';
import type { EventStore } from '../../storage/event-store.port';
import type { DecisionOutcome } from '../decisions/decision-answer';
import type { LedgerClock } from './ledger-clock';
import type { LedgerKeyStore, LedgerSigner } from './ledger-signer';
import type { StatementSignatures } from './statement-signatures';

export interface RuntimeObserver {
  committed?(events: readonly RecordedEvent[], batchSize: number, latencies: readonly number[]): void;
  refused?(code: string): void;
  /** A decision was recorded (once per recorded decision event). */
  decided?(outcome: DecisionOutcome): void;
  /** A decision could not be recorded and was answered as a denial. */
  decisionFailedClosed?(): void;
  /** The record names a ledger key whose seed the key store does not hold (once per key). */
  keyUnavailable?(publicKey: string): void;
  /** The store failed a read or an append, by error code (store.unavailable, store.too_large). */
  storeError?(code: string): void;
  /** An authorize call was answered: its outcome (failed_closed: denied unrecorded) and how long it took. */
  decisionAnswered?(outcome: DecisionOutcome | 'failed_closed', seconds: number): void;
}

export interface RuntimeOptions {
  readonly store: EventStore;
  readonly signer: LedgerSigner;
  /** Where rotated keys are staged and found; without it the ledger cannot rotate its key. */
  readonly keys?: LedgerKeyStore;
  readonly clock: LedgerClock;
  /** Host part of the checkpoint origin: `<host>/<ledgerId>`. */
  readonly originHost: string;
  readonly observer?: RuntimeObserver;
  readonly maxBatch?: number;
  /**
   * Who records cascades: the runtime itself (the default, for the CLI and embedded
   * use), or the service's saga on the event bus ('saga'), which then also finishes the
   * cascades a crash interrupted (see `interruptedCascades`).
   */
  readonly cascades?: 'self' | 'saga';
  /**
   * Follow the store live for events other writers commit (service replicas sharing an
   * EventStoreDB), so listeners (read models, sagas) see them as they land rather than
   * at this writer's next commit. A single writer on SQLite has no one to follow.
   */
  readonly followStore?: boolean;
  /**
   * Where actors' signatures are checked: by default worker threads beside the main
   * thread on a machine with more than one core (statementSignatures()), else inline.
   */
  readonly signatures?: StatementSignatures;
}
