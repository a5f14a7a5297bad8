// Boots the real interface module over real HTTP (Fastify on an ephemeral port) with a
// FakeLedger behind LEDGER_PORT.
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LEDGER_PORT } from '../../../src/application/ledger/ledger.port';
import { createHttpApp } from '../../../src/interface/http-app';
import { InterfaceModule } from '../../../src/interface/interface.module';
import type { GraphQLLimits } from '../../../src/interface/graphql/graphql-limits';
import type { FakeLedger } from './fake-ledger';

@Module({})
class FakeLedgerModule {}

export interface GraphQLResponse {
  readonly status: number;
  readonly body: {
    data?: Record<string, any> | null;
    errors?: { message: string; path?: (string | number)[]; extensions: Record<string, any> }[];
  };
}

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly url: string;
  graphql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse>;
  close(): Promise<void>;
}

export async function startApp(ledger: FakeLedger, graphqlLimits?: GraphQLLimits): Promise<TestApp> {
  const ledgerModule = {
    module: FakeLedgerModule,
    providers: [{ provide: LEDGER_PORT, useValue: ledger }],
    exports: [LEDGER_PORT],
  };
  const app = await createHttpApp(InterfaceModule.register({ ledgerModule, graphqlLimits }), { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    app,
    url,
    graphql: (query, variables, token) => postGraphQL(url, query, variables, token),
    close: () => app.close(),
  };
}

async function postGraphQL(url: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
}

/** A signed-statement input whose shape passes validation (the fake checks nothing else). */
export function signedInput(statement: string): { statement: string; signature: string } {
  return { statement, signature: 'A'.repeat(86) };
}
