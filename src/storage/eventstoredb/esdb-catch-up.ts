// Brings the adapter's catalog up to the end of $all: reads $all forwards from the last
// record examined (the client's readAll has no filter) and keeps the ledger's data
// events, in order. Concurrent callers share passes: one running, at most one queued
// behind it (which starts after the running pass, so it sees everything committed
// before it was asked for).
import { streamRevision } from '../../integrity/brands';
import { samePosition, type EsdbCatalog, type EsdbPosition } from './esdb-catalog';
import { START } from './esdb-client';
import type { EsdbGateway } from './esdb-gateway';
import type { StreamNames } from './esdb-ids';

export class EsdbCatchUp {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(
    private readonly gateway: EsdbGateway,
    private readonly names: StreamNames,
    private readonly catalog: EsdbCatalog,
    private readonly pageSize: number,
  ) {}

  /** Resolves once the catalog holds every ledger event committed before the call. */
  run(): Promise<void> {
    if (!this.running) {
      this.running = this.readNew().finally(() => (this.running = undefined));
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.run();
      });
    return this.queued;
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const from: EsdbPosition | typeof START = this.catalog.lastExamined ?? START;
      const records = await this.gateway.readAll(from, this.pageSize);
      for (const r of records) {
        if (samePosition(r.position, this.catalog.lastExamined)) continue;
        this.catalog.lastExamined = r.position;
        if (!this.names.isData(r.stream)) continue;
        const meta = r.metadata as { actor: string; nonce: string; hash: string };
        this.catalog.add({
          stream: this.names.portName(r.stream),
          revision: streamRevision(r.revision),
          type: r.type,
          actor: meta.actor,
          nonce: meta.nonce,
          hash: meta.hash,
          data: Buffer.from(r.data).toString('utf8'),
        }, r.position);
      }
      if (records.length < this.pageSize) return;
    }
  }
}
