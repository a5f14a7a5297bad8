// The AuthZEN HTTP edge (docs/authzen.md): POST /access/v1/evaluation(s) and the PDP
// metadata. Registered as an encapsulated Fastify plugin rather than a Nest controller
// because the signature covers the request exactly as sent: the body must reach the
// strict JSON parser as text (Fastify's JSON parser, shared with GraphQL, would take
// duplicate members and answer malformed JSON with its own error shape). The plugin's
// own content-type parser applies inside it only. The handlers stay thin: read the
// headers, hand the text to the application's AuthzenEvaluator, write its reply.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthzenEvaluator, EVALUATION_PATH, EVALUATIONS_PATH, type AuthzenReply } from '../../application/authzen/authzen-evaluator';
import { LEDGER_PORT, type LedgerPort } from '../../application/ledger/ledger.port';

/** Room for a full batch of evaluations with their properties and credentials. */
export const AUTHZEN_BODY_LIMIT = 2 * 1024 * 1024;
export const AUTHZEN_METADATA_PATH = '/.well-known/authzen-configuration';
const REQUEST_ID = 'x-request-id';

@Injectable()
export class AuthzenRoutes implements OnModuleInit {
  private readonly evaluator: AuthzenEvaluator;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(LEDGER_PORT) ledger: LedgerPort,
  ) {
    this.evaluator = new AuthzenEvaluator(ledger);
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: AUTHZEN_BODY_LIMIT }, (_request, body, done) => done(null, body));
      scope.post(EVALUATION_PATH, (request, reply) => this.post(request, reply, (text, auth) => this.evaluator.evaluation(text, auth)));
      scope.post(EVALUATIONS_PATH, (request, reply) => this.post(request, reply, (text, auth) => this.evaluator.evaluations(text, auth)));
      scope.get(AUTHZEN_METADATA_PATH, (request, reply) => {
        echoRequestId(request, reply);
        return reply.header('cache-control', 'no-cache').send(this.evaluator.metadata(baseUrlOf(request)));
      });
    });
  }

  private async post(request: FastifyRequest, reply: FastifyReply, evaluate: (text: string, auth: string | undefined) => Promise<AuthzenReply>): Promise<void> {
    echoRequestId(request, reply);
    const text = typeof request.body === 'string' ? request.body : '';
    const answer = await evaluate(text, request.headers.authorization);
    await reply.status(answer.status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(answer.body));
  }
}

function echoRequestId(request: FastifyRequest, reply: FastifyReply): void {
  const id = request.headers[REQUEST_ID];
  if (typeof id === 'string') reply.header(REQUEST_ID, id);
}

/** The PDP's base URL as the client reached it (the service has no configured public URL). */
function baseUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? request.hostname}`;
}
