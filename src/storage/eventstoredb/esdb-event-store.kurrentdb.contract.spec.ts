// The shared contract suite over the EventStoreDB adapter with the kurrentdb client library (esdb-suites.testing.ts).
import { esdbContractSuite } from './esdb-suites.testing';

// The KurrentDB client reads through its native reader, about 20 ms a read against the
// test server here (the other client: about 2 ms), so the model property test (25 random
// runs, many reads each) takes some 20 s alone: room for a busy machine.
jest.setTimeout(90_000);

esdbContractSuite('kurrentdb');
