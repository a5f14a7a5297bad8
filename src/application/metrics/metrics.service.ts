// Prometheus metrics of the running ledger. Each Metrics owns its registry (never
// prom-client's global one) so several apps can live in one process, as tests do.
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, exponentialBuckets } from 'prom-client';
import { GraphqlOperationNames } from './graphql-operation-names';
import { ReadModelLag } from './read-model-lag';

export type DecisionOutcome = 'allowed' | 'denied' | 'approval_requested';

/** What the gauges read from the running ledger when /metrics is scraped. */
export interface LedgerGaugeSource {
  /** Events in the global log. */
  logSize(): number;
  /** Bytes of the embedded store's files (undefined on EventStoreDB). */
  storeBytes(): number | undefined;
  lastRecordedCheckpoint(): { readonly treeSize: number; readonly recordedAt: string } | undefined;
  /** Last global position the read models applied (-1: none); undefined without read models. */
  readModelPosition(): number | undefined;
  signatureQueueDepth(): number;
}

// 0.5 ms .. ~4 s: a decision is one commit (an fsync) plus its checks.
const LATENCY_BUCKETS = exponentialBuckets(0.0005, 2, 14);

@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly appends = new Counter({
    name: 'writ_appends_total',
    help: 'Events appended to the log.',
    registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'writ_refusals_total',
    help: 'Statements refused, by error code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly decisions = new Counter({
    name: 'writ_decisions_total',
    help: 'Authorization decisions recorded, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly failClosed = new Counter({
    name: 'writ_decisions_fail_closed_total',
    help: 'Decisions denied because the ledger could not evaluate them (fail closed).',
    registers: [this.registry],
  });
  private readonly batchSizes = new Histogram({
    name: 'writ_batch_size',
    help: 'Statements committed per batch (one checkpoint signature each).',
    buckets: exponentialBuckets(1, 2, 10), // 1 .. 512: covers the 256-statement broker batches
    registers: [this.registry],
  });
  private readonly appendLatencies = new Histogram({
    name: 'writ_append_latency_seconds',
    help: 'Time from receiving a statement to its durable receipt.',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly decisionLatencies = new Histogram({
    name: 'writ_decision_latency_seconds',
    help: 'Time from receiving an authorize request to its recorded answer, by outcome (failed_closed: denied, not recorded).',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly graphqlDurations = new Histogram({
    name: 'writ_graphql_request_duration_seconds',
    help: 'GraphQL HTTP requests, by operation name (anonymous, batch, or other past the first 50 names seen).',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly storeErrors = new Counter({
    name: 'writ_store_errors_total',
    help: 'Reads and appends the event store failed, by error code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly operations = new GraphqlOperationNames();
  private readonly lag = new ReadModelLag(Date.now());
  private source: LedgerGaugeSource | undefined;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- collect() runs with the gauge as `this`
    const self = this;
    const gauge = (name: string, help: string, read: (source: LedgerGaugeSource) => number | undefined) =>
      new Gauge({
        name, help, registers: [this.registry],
        collect() {
          this.reset();
          const value = self.source === undefined ? undefined : read(self.source);
          if (value !== undefined) this.set(value);
        },
      });
    gauge('writ_log_size', 'Events in the global log.', (s) => s.logSize());
    gauge('writ_store_size_bytes', 'Bytes of the embedded store (writ.db and its WAL); absent on EventStoreDB.', (s) => s.storeBytes());
    gauge('writ_checkpoint_age_seconds', 'Seconds since the latest checkpoint recorded in the checkpoints stream.', (s) => {
      const last = s.lastRecordedCheckpoint();
      return last === undefined ? undefined : Math.max(0, (Date.now() - Date.parse(last.recordedAt)) / 1000);
    });
    gauge('writ_checkpoint_recorded_tree_size', 'Tree size of the latest recorded checkpoint.', (s) => s.lastRecordedCheckpoint()?.treeSize);
    gauge('writ_signature_queue_depth', 'Signature checks asked for and not yet answered by the worker pool.', (s) => s.signatureQueueDepth());
    const lagGauge = (name: string, help: string, read: (source: LedgerGaugeSource, applied: number) => number) =>
      new Gauge({
        name, help, labelNames: ['model'] as const, registers: [this.registry],
        collect() {
          this.reset();
          const applied = self.source?.readModelPosition();
          if (self.source !== undefined && applied !== undefined) this.set({ model: 'projections' }, read(self.source, applied));
        },
      });
    lagGauge('writ_read_model_lag_events', 'Events in the log the read models have not applied.', (s, applied) => Math.max(0, s.logSize() - 1 - applied));
    lagGauge('writ_read_model_lag_seconds', 'Age of the oldest event the read models have not applied.', (s, applied) => this.lag.secondsBehind(applied, s.logSize(), Date.now()));
  }

  /** The running ledger the gauges read (one per app). */
  watch(source: LedgerGaugeSource): void {
    this.source = source;
  }

  /** Positions first..last were committed now (read-model lag in seconds). */
  committedRange(first: number, last: number): void {
    this.lag.committed(first, last, Date.now());
  }

  decisionLatency(outcome: DecisionOutcome | 'failed_closed', seconds: number): void {
    this.decisionLatencies.observe({ outcome }, seconds);
  }

  /** One GraphQL HTTP request; the label set stays bounded (see GraphqlOperationNames). */
  graphqlRequest(operationName: unknown, batched: boolean, seconds: number): void {
    this.graphqlDurations.observe({ operation: this.operations.label(operationName, batched) }, seconds);
  }

  storeError(code: string): void {
    this.storeErrors.inc({ code });
  }

  appended(count = 1): void {
    this.appends.inc(count);
  }

  refused(code: string): void {
    this.refusals.inc({ code });
  }

  decided(outcome: DecisionOutcome): void {
    this.decisions.inc({ outcome });
  }

  decisionFailedClosed(): void {
    this.failClosed.inc();
  }

  batch(size: number): void {
    this.batchSizes.observe(size);
  }

  appendLatency(seconds: number): void {
    this.appendLatencies.observe(seconds);
  }

  /** Prometheus text exposition, as served at GET /metrics. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
