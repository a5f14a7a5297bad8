// The browser pages the service serves itself, as static files from dist/ on the same
// Fastify server as /graphql (no second server to run):
//   /console/   the auditor console (console/, built by Vite into dist/console);
//   /graphiql/  GraphiQL (graphiql/ and GraphiQL's and React's UMD files, laid out in
//               dist/graphiql by scripts/dist.js, so the page loads nothing from a CDN).
// A copy built without them (no dev dependencies) answers with how to build them.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';

export const CONSOLE_PATH = '/console/';
export const GRAPHIQL_PATH = '/graphiql/';

/** dist/ of the package this file belongs to (from src/ under jest, dist/src/ when built). */
export function distDirectory(from = __dirname): string | undefined {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist');
  }
  return undefined;
}

export async function serveStaticPages(app: NestFastifyApplication, dist = distDirectory()): Promise<void> {
  await servePage(app, CONSOLE_PATH, dist === undefined ? undefined : join(dist, 'console'), 'The console');
  await servePage(app, GRAPHIQL_PATH, dist === undefined ? undefined : join(dist, 'graphiql'), 'GraphiQL');
}

async function servePage(app: NestFastifyApplication, prefix: string, root: string | undefined, what: string): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get(prefix.slice(0, -1), (_request, reply) => reply.redirect(prefix, 302));
  if (root !== undefined && existsSync(join(root, 'index.html'))) {
    await app.register(fastifyStatic, { root, prefix, decorateReply: false, index: ['index.html'], cacheControl: false, setHeaders });
    return;
  }
  fastify.get(`${prefix}*`, (_request, reply) =>
    reply.code(503).type('text/plain; charset=utf-8').send(`${what} is not built: run \`npm run build\` (it needs the dev dependencies).\n`),
  );
}

// index.html names the hashed assets: it must be asked for again; the assets never change.
// GraphiQL's files are not hashed, but change only with the package's version, which a
// new build lays out again; a reload after an upgrade is enough.
// @fastify/static 10 hands setHeaders the Fastify reply (Nest's useStaticAssets types still say the raw response).
function setHeaders(reply: FastifyReply, path: string): void {
  const immutable = !path.endsWith('.html') && !path.includes('graphiql');
  reply.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  reply.header('X-Content-Type-Options', 'nosniff');
}
