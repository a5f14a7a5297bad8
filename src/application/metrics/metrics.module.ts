import { Module } from '@nestjs/common';
import { Metrics } from './metrics.service';

/**
 * Import it wherever metrics are recorded or served: Nest keeps one instance of a
 * module per application, so the runtime and the /metrics endpoint share one registry.
 */
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
