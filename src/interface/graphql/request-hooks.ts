// The checks Mercurius does not make, as Fastify and Mercurius hooks on /graphql. Each
// refuses with a request code (RefusedRequest) before any resolver runs, and each runs
// on every request, whether Mercurius has the document cached or not, so the same
// request always gets the same answer.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { getOperationAST, getVariableValues, Location, parse, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Problem } from '../../errors/problem';
import { CompilePolicy } from './compile-policy';
import { aliasProblem, sourceProblem } from './document-limits';
import { formatRefusal } from './error-formatter';
import type { GraphQLLimits } from './graphql-limits';
import { InvalidVariables, RefusedRequest } from './refused-request';

/** The part of Mercurius's context these hooks use: the reply, absent over WebSocket. */
interface HookContext {
  readonly reply?: FastifyReply;
}

export function graphqlRequestHooks(limits: GraphQLLimits) {
  const sources = new WeakMap<object, string>();
  const compiled = new CompilePolicy(limits.maxCompiledTokens);
  return {
    preParsing(_schema: GraphQLSchema, source: string, context: HookContext): void {
      const broken = sourceProblem(source, limits);
      if (broken) throw refusal(broken);
      sources.set(context, source);
    },
    preValidation(_schema: GraphQLSchema, document: DocumentNode, context: HookContext): void {
      // Mercurius falls back to reading text that is not GraphQL as a JSON syntax tree;
      // a client's JSON is never taken for a document.
      if (!(document.loc instanceof Location)) throw notGraphQL(sources.get(context), context);
      const aliases = aliasProblem(document, limits);
      if (aliases) throw refusal(aliases);
    },
    preExecution(schema: GraphQLSchema, document: DocumentNode, context: HookContext, variables: unknown): { document: DocumentNode } | undefined {
      const operation = operationOf(document, context);
      if (operation.operation === 'subscription') throw subscriptionOverHttp();
      checkVariables(schema, operation, variables);
      if (operation.operation === 'query' && context.reply) startTimeBudget(context.reply, limits.queryTimeBudgetMs);
      // Mercurius compiles no document handed back by this hook: graphql-js runs it.
      return compiled.worthIt(document) ? undefined : { document };
    },
  };
}

/** Fastify `preValidation` on the GraphQL routes: the shape of a POST body, before Fastify's schema coerces it. */
export async function checkRequestBody(request: FastifyRequest): Promise<void> {
  if (request.method !== 'POST') return;
  const body = request.body as Record<string, unknown> | null | undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RefusedRequest('request.invalid_body', 'the body must be an object: { "query": "...", "variables": { ... } }');
  }
  const wrong = (path: string, expected: string) => new RefusedRequest('request.invalid_body', `${path} must be ${expected}`, 400, undefined, path);
  if (typeof body['query'] !== 'string' || body['query'] === '') throw wrong('query', 'a non-empty string of GraphQL');
  if (!isOptional(body['variables'], 'object')) throw wrong('variables', 'an object');
  if (!isOptional(body['operationName'], 'string')) throw wrong('operationName', 'a string');
  if (!isOptional(body['extensions'], 'object')) throw wrong('extensions', 'an object');
}

function isOptional(value: unknown, type: 'object' | 'string'): boolean {
  if (value === undefined || value === null) return true;
  return type === 'object' ? typeof value === 'object' && !Array.isArray(value) : typeof value === 'string';
}

function refusal(problem: Problem): RefusedRequest {
  return new RefusedRequest(problem.code, problem.message, 400, problem.details);
}

function notGraphQL(source: string | undefined, context: HookContext): RefusedRequest {
  let message = 'the query is not GraphQL';
  try {
    parse(source ?? '');
  } catch (error) {
    if (error instanceof Error) message = error.message;
  }
  const type = context.reply?.request.headers['content-type'] ?? '';
  const hint = type.startsWith('application/graphql') ? ' (an application/graphql body is the query text itself; send JSON as application/json)' : '';
  return new RefusedRequest('query.invalid', `${message}${hint}`);
}

function operationOf(document: DocumentNode, context: HookContext): OperationDefinitionNode {
  const name = operationNameOf(context.reply?.request);
  const operation = getOperationAST(document, name);
  if (operation) return operation;
  const message = name ? `the document has no operation named ${name}` : 'the document has several operations: name one in operationName';
  throw new RefusedRequest('query.invalid', message);
}

function operationNameOf(request: FastifyRequest | undefined): string | undefined {
  const from = (request?.method === 'GET' ? request.query : request?.body) as { operationName?: unknown } | undefined;
  return typeof from?.operationName === 'string' ? from.operationName : undefined;
}

// Over HTTP a subscription would run its field's payload mapping without ever opening
// the feed, past the token check the feed makes on the WebSocket's connection_init.
function subscriptionOverHttp(): RefusedRequest {
  return new RefusedRequest(
    'auth.missing_token',
    'subscriptions are served over graphql-ws at /graphql, with the read token in the connection_init payload; an HTTP request carries none',
  );
}

// Mercurius checks variables on some requests and leaves the others to graphql-jit, whose
// errors are not GraphQL errors; checking them here gives every request the same answer.
function checkVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: unknown): void {
  const inputs = typeof variables === 'object' && variables !== null ? (variables as Record<string, unknown>) : {};
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], inputs, { maxErrors: 50 });
  if (coerced.errors) throw new InvalidVariables(coerced.errors);
}

// Resolvers that wait (a read-your-writes wait, the store) must not hold a reply for
// ever. Mutations are not cut short: their outcome would then be unknown to the client.
function startTimeBudget(reply: FastifyReply, budgetMs: number): void {
  const timer = setTimeout(() => {
    if (reply.sent) return;
    const refused = new RefusedRequest('request.timeout', `the query did not finish within ${budgetMs} ms`, 503, { budgetMs });
    const { statusCode, response } = formatRefusal(refused);
    void reply.code(statusCode).send(response);
  }, budgetMs);
  timer.unref();
  reply.raw.once('close', () => clearTimeout(timer));
}
