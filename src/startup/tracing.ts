// Switches OpenTelemetry tracing on from the standard OTEL_* variables, or leaves it off.
// Off by default (unlike the SDK's own default of `otlp`): a ledger should not start
// sending anything anywhere unless told to. On when OTEL_TRACES_EXPORTER names `otlp`, or
// when it is unset and an OTLP endpoint is (OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT); OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none
// keeps it off. The exporter speaks OTLP over HTTP with JSON bodies (`http/json`); the
// exporter itself reads the endpoint, headers and timeout variables, and the batch
// processor the OTEL_BSP_* ones. Only the spans Writ makes (src/application/tracing) are
// recorded: no automatic instrumentation of libraries.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { enableTracing } from '../application/tracing/spans';

export interface Tracing {
  /** Exports what is still buffered and stops. */
  shutdown(): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Whether the OTEL_* variables ask for traces; throws on values Writ does not support. */
export function tracingWanted(env: Env): boolean {
  if ((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((e) => e.trim().toLowerCase()).filter((e) => e !== '');
  const unsupported = exporters.filter((e) => e !== 'otlp' && e !== 'none');
  if (unsupported.length > 0) throw new Error(`OTEL_TRACES_EXPORTER=${env.OTEL_TRACES_EXPORTER}: Writ exports traces with otlp (or none), not ${unsupported.join(', ')}`);
  const on = exporters.length > 0 ? exporters.includes('otlp') : Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (!on) return false;
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (protocol !== undefined && protocol !== '' && protocol !== 'http/json') {
    throw new Error(`OTEL_EXPORTER_OTLP_PROTOCOL=${protocol}: Writ's OTLP exporter speaks http/json (a collector's OTLP/HTTP receiver takes it)`);
  }
  return true;
}

/** Starts the SDK when the environment asks for traces; undefined (and tracing off) otherwise. */
export function startTracing(env: Env = process.env): Tracing | undefined {
  if (!tracingWanted(env)) return undefined;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || 'writ' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // The AsyncLocalStorage context manager (a request's context follows its async work)
  // and the W3C trace-context propagator (an incoming `traceparent` is the parent).
  provider.register();
  enableTracing(true);
  return {
    shutdown: async () => {
      enableTracing(false);
      await provider.shutdown();
    },
  };
}
