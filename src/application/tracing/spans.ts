// Spans over the ledger's pipeline, through @opentelemetry/api only: which SDK (if any)
// records them is the process's choice (src/tracing/otel-sdk.ts, switched on by OTEL_*).
// Off by default: `tracingOn` stays false, and every helper here then runs the work and
// nothing else (no span objects, no context captured), so a service without an exporter
// pays one boolean check per step.
import { context, trace, SpanStatusCode, type Attributes, type Context, type Link, type Span } from '@opentelemetry/api';

let on = false;

/** Set once by the SDK starter when an exporter is configured. */
export function enableTracing(enabled: boolean): void {
  on = enabled;
}

export function tracingOn(): boolean {
  return on;
}

const tracer = () => trace.getTracer('writ');

/** The caller's trace context, to be carried across a queue (undefined when tracing is off). */
export function currentTrace(): Context | undefined {
  return on ? context.active() : undefined;
}

/** Starts a span under `parent` (default: the active context); undefined when tracing is off. */
export function startSpan(name: string, parent?: Context, attributes?: Attributes, links?: Link[]): Span | undefined {
  if (!on) return undefined;
  return tracer().startSpan(name, { ...(attributes === undefined ? {} : { attributes }), ...(links === undefined ? {} : { links }) }, parent ?? context.active());
}

/** Ends a span, marking it failed when `error` is given. */
export function endSpan(span: Span | undefined, error?: unknown): void {
  if (span === undefined) return;
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/** Runs `work` in a span (synchronous work); the span ends when it returns or throws. */
export function inSpan<T>(name: string, parent: Context | undefined, work: () => T, attributes?: Attributes): T {
  if (!on) return work();
  const span = startSpan(name, parent, attributes);
  try {
    return work();
  } catch (error) {
    endSpan(span, error);
    throw error;
  } finally {
    if (span?.isRecording()) span.end();
  }
}

/** Runs `work` in a span that ends when its promise settles. */
export async function inAsyncSpan<T>(name: string, parent: Context | undefined, work: () => Promise<T>, attributes?: Attributes, links?: Link[]): Promise<T> {
  if (!on) return work();
  const span = startSpan(name, parent, attributes, links);
  try {
    return await work();
  } catch (error) {
    endSpan(span, error);
    throw error;
  } finally {
    if (span?.isRecording()) span.end();
  }
}

/** Like inSpan, but only inside an active trace (work that also runs outside any request, e.g. at start). */
export function inChildSpan<T>(name: string, work: () => T, attributes?: Attributes): T {
  if (!on || trace.getSpan(context.active()) === undefined) return work();
  return inSpan(name, undefined, work, attributes);
}

/** Runs `work` with `ctx` as the active context (so that work it schedules inherits it). */
export function withTrace<T>(ctx: Context | undefined, work: () => T): T {
  return on && ctx !== undefined ? context.with(ctx, work) : work();
}

/** Links to the span contexts of several traces (the other requests of one batch). */
export function linksTo(contexts: readonly (Context | undefined)[]): Link[] {
  const links: Link[] = [];
  for (const ctx of contexts) {
    const spanContext = ctx === undefined ? undefined : trace.getSpanContext(ctx);
    if (spanContext !== undefined) links.push({ context: spanContext });
  }
  return links;
}
