// The public HTTP reads (DESIGN.md, Who may read): no authentication.
import { Controller, Get, Header, Inject, Optional } from '@nestjs/common';
import { Registry } from 'prom-client';
import { LEDGER_PORT, type LedgerHealth, type LedgerPort } from '../../application/ledger/ledger.port';
import { Metrics } from '../../application/metrics/metrics.service';
import { READ_SERVICE } from '../../application/projections/read-models';
import type { ReadService } from '../../application/queries/read-service';
import { toJwk, type Ed25519Jwk } from './jwks';

@Controller()
export class LedgerHttpController {
  constructor(
    @Inject(LEDGER_PORT) private readonly ledger: LedgerPort,
    private readonly metrics: Metrics,
    @Optional() @Inject(READ_SERVICE) private readonly reads?: ReadService,
  ) {}

  /** The latest signed note, exactly as signed: clients verify these bytes. */
  @Get('checkpoint')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  checkpoint(): string {
    return this.ledger.latestCheckpoint().note;
  }

  // Every ledger key, rotated ones too: credentials signed before a rotation still verify.
  @Get('.well-known/jwks.json')
  jwks(): { keys: Ed25519Jwk[] } {
    return { keys: this.ledger.ledgerKeys().map(toJwk) };
  }

  // `degraded` (still 200: appends are answered) names what an operator must fix: a
  // ledger key the record names whose seed is not staged, read models that stopped.
  @Get('healthz')
  @Header('Cache-Control', 'no-store')
  health(): { status: LedgerHealth['status']; treeSize: number; reasons?: readonly string[] } {
    const stopped = this.reads?.stopped;
    const reasons = [...this.ledger.health().reasons, ...(stopped === undefined ? [] : [`read models stopped: ${stopped}`])];
    const base = { status: reasons.length === 0 ? ('ok' as const) : ('degraded' as const), treeSize: this.ledger.size() };
    return reasons.length === 0 ? base : { ...base, reasons };
  }

  @Get('metrics')
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  metricsText(): Promise<string> {
    return this.metrics.text();
  }
}
