// The EventStoreDB adapter beyond the contract, with the kurrentdb client library (esdb-suites.testing.ts).
import { esdbAdapterSuite } from './esdb-suites.testing';

esdbAdapterSuite('kurrentdb');
