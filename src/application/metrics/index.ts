export { Metrics, type DecisionOutcome } from './metrics.service';
export { MetricsModule } from './metrics.module';
