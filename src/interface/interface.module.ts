// The Nest edges of a running ledger: GraphQL at /graphql, the public HTTP reads and
// the AuthZEN decision API for gateways (/access/v1/*).
// The ledger itself arrives from outside: `ledgerModule` must provide and export
// LEDGER_PORT (src/application/ledger/ledger.port.ts).
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { MetricsModule } from '../application/metrics/metrics.module';
import { SubmitStatementHandler, SubmitStatementsHandler } from '../application/statements/submit-statement.handler';
import { ReadGuard } from './auth/read.guard';
import { ReadTokenVerifier } from './auth/read-token.verifier';
import type { GraphQLLimits } from './graphql/graphql-limits';
import { graphqlOptions } from './graphql/graphql.options';
import { GRAPHQL_RESOLVERS } from './graphql/resolvers';
import { GraphqlTiming } from './http/graphql-timing';
import { LedgerHttpController } from './http/ledger-http.controller';
import { AuthzenRoutes } from './authzen/authzen.routes';

export interface InterfaceModuleOptions {
  /** A module that provides and exports LEDGER_PORT. */
  readonly ledgerModule: Type<unknown> | DynamicModule;
  /** The GraphQL request bounds; GRAPHQL_LIMITS unless a test needs others. */
  readonly graphqlLimits?: GraphQLLimits;
}

@Module({})
export class InterfaceModule {
  static register({ ledgerModule, graphqlLimits }: InterfaceModuleOptions): DynamicModule {
    return {
      module: InterfaceModule,
      // Mutations reach the ledger as commands on the CQRS command bus; committed events
      // come back on its event bus, where sagas react to them.
      imports: [CqrsModule.forRoot(), ledgerModule, MetricsModule, GraphQLModule.forRoot<MercuriusDriverConfig>(graphqlOptions(graphqlLimits))],
      controllers: [LedgerHttpController],
      providers: [...GRAPHQL_RESOLVERS, SubmitStatementHandler, SubmitStatementsHandler, ReadTokenVerifier, ReadGuard, AuthzenRoutes, GraphqlTiming],
    };
  }
}
