// writ_graphql_request_duration_seconds: every GraphQL HTTP request timed from its
// arrival to its answer, labelled by operation name (a bounded set: see Metrics).
// Fastify hooks on the whole server, so the GraphQL options stay untouched.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Metrics } from '../../application/metrics/metrics.service';

const started = new WeakMap<FastifyRequest, number>();

@Injectable()
export class GraphqlTiming implements OnModuleInit {
  constructor(
    private readonly adapter: HttpAdapterHost,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify === undefined) return;
    fastify.addHook('onRequest', async (request) => {
      if (isGraphql(request)) started.set(request, performance.now());
    });
    fastify.addHook('onResponse', async (request) => {
      const at = started.get(request);
      if (at === undefined) return;
      const body = request.body;
      const name = Array.isArray(body) ? undefined : ((body as { operationName?: unknown } | undefined)?.operationName ?? (request.query as { operationName?: unknown } | undefined)?.operationName);
      this.metrics.graphqlRequest(name, Array.isArray(body), (performance.now() - at) / 1000);
    });
  }
}

// Subscriptions (graphql-ws) upgrade the connection and are not requests to time.
const isGraphql = (request: FastifyRequest): boolean => request.url.split('?')[0] === '/graphql' && request.headers.upgrade === undefined;
