// A span per HTTP request, the parent of the ledger's spans for that request (verify,
// decide, commit, checkpoint signing, read-model apply). A `traceparent` header from the
// caller makes it a child of the caller's trace. Nothing is registered when tracing is off.
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tracingOn } from '../../application/tracing/spans';

const spans = new WeakMap<FastifyRequest, Span>();

export function traceRequests(fastify: FastifyInstance): void {
  if (!tracingOn()) return;
  fastify.addHook('onRequest', (request, _reply, done) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const route = request.routeOptions.url ?? 'unmatched';
    const span = trace.getTracer('writ').startSpan(`${request.method} ${route}`, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': request.method, 'url.path': route, 'writ.request_id': request.id },
    }, parent);
    spans.set(request, span);
    done();
  });
  // After the body is parsed, right before the handler: what the handler starts (and what
  // that schedules) runs with the request's span as the active context.
  fastify.addHook('preHandler', (request, _reply, done) => {
    const span = spans.get(request);
    if (span === undefined) return done();
    context.with(trace.setSpan(context.active(), span), done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span !== undefined) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      spans.delete(request);
    }
    done();
  });
}
