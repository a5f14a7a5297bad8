// The shared contract suite over the EventStoreDB adapter with the eventstore client library (esdb-suites.testing.ts).
import { esdbContractSuite } from './esdb-suites.testing';

esdbContractSuite('eventstore');
