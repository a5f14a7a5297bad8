// The service's logs: Fastify's logger (pino), one JSON object per line on stdout, each
// request's lines carrying its id (`reqId`), which GraphQL error answers repeat in
// `extensions.requestId` and every response in the `x-request-id` header. Nest's own
// messages go through the same logger. Client errors (4xx) are logged without a stack
// trace: the stack would show our code, not what the client did wrong.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import type { FastifyBaseLogger, FastifyInstance, FastifyServerOptions } from 'fastify';
import type { LogLevel } from '../../config/log-level';

/** A caller's own `x-request-id` is kept when it is a plain token; otherwise (or absent) a new UUID. */
const CALLER_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function genRequestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && CALLER_ID.test(given) ? given : randomUUID();
}

interface LoggedError {
  readonly name?: string;
  readonly message?: string;
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly stack?: string;
}

/** pino's `err` serializer, without the stack for errors of the client's request (4xx). */
export function serializeError(error: LoggedError): Record<string, unknown> {
  const status = typeof error.statusCode === 'number' ? error.statusCode : undefined;
  const base = { type: error.name, message: error.message, ...(error.code === undefined ? {} : { code: error.code }), ...(status === undefined ? {} : { statusCode: status }) };
  if (status !== undefined && status >= 400 && status < 500) return base;
  return { ...base, stack: error.stack };
}

/** Fastify's options for the logger and the request ids. */
export function loggerOptions(level: LogLevel): Pick<FastifyServerOptions, 'logger' | 'genReqId'> {
  return {
    // Fastify's type insists on a stack in every serialized error; leaving it out is the point.
    logger: { level, serializers: { err: serializeError } } as unknown as FastifyServerOptions['logger'],
    genReqId: genRequestId,
  };
}

/** Every response names its request id, so a client can quote it. */
export function echoRequestIds(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
}

/** Nest's logger over pino: its messages become JSON lines too, with their context. */
export class JsonNestLogger implements LoggerService {
  constructor(private readonly pino: FastifyBaseLogger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest.filter((r) => typeof r === 'string').pop());
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, context: string | undefined): void {
    const fields = context === undefined ? {} : { context };
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else this.pino[level](fields, typeof message === 'string' ? message : JSON.stringify(message));
  }
}
