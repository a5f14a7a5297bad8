// The auditor console (console/, built by Vite into dist/console) as static files at
// /console/, from the same Fastify server as /graphql: no second server to run. A copy
// built without the console (no dev dependencies) answers /console with how to build it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';

export const CONSOLE_PATH = '/console/';

/** dist/console of the package this file belongs to (from src/ under jest, dist/src/ when built). */
export function consoleDirectory(from = __dirname): string | undefined {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'console');
  }
  return undefined;
}

export async function serveConsole(app: NestFastifyApplication, root = consoleDirectory()): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/console', (_request, reply) => reply.redirect(CONSOLE_PATH, 302));
  if (root !== undefined && existsSync(join(root, 'index.html'))) {
    await app.register(fastifyStatic, { root, prefix: CONSOLE_PATH, decorateReply: false, index: ['index.html'], cacheControl: false, setHeaders });
    return;
  }
  fastify.get(`${CONSOLE_PATH}*`, (_request, reply) =>
    reply.code(503).type('text/plain; charset=utf-8').send('The console is not built: run `npm run build` (it needs the dev dependencies).\n'),
  );
}

// index.html names the hashed assets: it must be asked for again; the assets never change.
// @fastify/static 10 hands setHeaders the Fastify reply (Nest's useStaticAssets types still say the raw response).
function setHeaders(reply: FastifyReply, path: string): void {
  reply.header('Cache-Control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
  reply.header('X-Content-Type-Options', 'nosniff');
}
