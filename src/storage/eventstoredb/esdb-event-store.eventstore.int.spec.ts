// The EventStoreDB adapter beyond the contract, with the eventstore client library (esdb-suites.testing.ts).
import { esdbAdapterSuite } from './esdb-suites.testing';

esdbAdapterSuite('eventstore');
