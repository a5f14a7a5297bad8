// Prometheus metrics of the running ledger. Each Metrics owns its registry (never
// prom-client's global one) so several apps can live in one process, as tests do.
import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics, exponentialBuckets } from 'prom-client';

export type DecisionOutcome = 'allowed' | 'denied' | 'approval_requested';

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
    buckets: exponentialBuckets(0.0005, 2, 14), // 0.5 ms .. ~4 s
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
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
