// One way to make the HTTP application, shared by main.ts and the tests.
import type { NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { MAX_BATCH } from './graphql/batch';
import { serveConsole } from './http/console-static';
import { traceRequests } from './http/request-tracing';
import { MAX_STATEMENT_BYTES } from './graphql/types/signed-statement.input';

/** Room for a full broker batch of maximal statements, plus the query around it. */
export const HTTP_BODY_LIMIT = MAX_BATCH * MAX_STATEMENT_BYTES + 1024 * 1024;

export type RootModule = Parameters<typeof NestFactory.create>[0];

/** Creates (does not start) the Fastify-backed app, with the console at /console; the caller calls `listen`. */
export async function createHttpApp(rootModule: RootModule, options: NestApplicationOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, new FastifyAdapter({ bodyLimit: HTTP_BODY_LIMIT }), {
    logger: ['error', 'warn'],
    ...options,
  });
  traceRequests(app.getHttpAdapter().getInstance());
  await serveConsole(app);
  return app;
}
