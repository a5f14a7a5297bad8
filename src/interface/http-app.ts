// One way to make the HTTP application, shared by main.ts and the tests.
import type { NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LogLevel } from '../config/log-level';
import { MAX_BATCH } from './graphql/batch';
import { serveStaticPages } from './http/static-pages';
import { echoRequestIds, genRequestId, JsonNestLogger, loggerOptions } from './http/json-logs';
import { traceRequests } from './http/request-tracing';
import { MAX_STATEMENT_BYTES } from '../application/ledger/statement-intake';

/** Room for a full broker batch of maximal statements, plus the query around it. */
export const HTTP_BODY_LIMIT = MAX_BATCH * MAX_STATEMENT_BYTES + 1024 * 1024;

export type RootModule = Parameters<typeof NestFactory.create>[0];

/**
 * Creates (does not start) the Fastify-backed app, with the console at /console and GraphiQL at /graphiql; the caller calls `listen`.
 * With `logLevel` (the service: WRIT_LOG_LEVEL) it logs JSON lines through Fastify's logger
 * (src/interface/http/json-logs.ts); without it (tests in process) only Nest's errors and warnings.
 */
export async function createHttpApp(rootModule: RootModule, options: NestApplicationOptions = {}, logLevel?: LogLevel): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: HTTP_BODY_LIMIT, ...(logLevel === undefined ? { genReqId: genRequestId } : loggerOptions(logLevel)) });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    ...(logLevel === undefined ? { logger: ['error', 'warn'] } : { bufferLogs: true }),
    ...options,
  });
  const fastify = app.getHttpAdapter().getInstance();
  if (logLevel !== undefined) app.useLogger(new JsonNestLogger(fastify.log));
  echoRequestIds(fastify);
  traceRequests(fastify);
  await serveStaticPages(app);
  return app;
}
