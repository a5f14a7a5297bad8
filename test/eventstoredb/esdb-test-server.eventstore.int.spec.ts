// The protocol test server driven through the eventstore client library (esdb-test-server.suite.ts).
import { testServerSuite } from './esdb-test-server.suite';

testServerSuite('eventstore');
