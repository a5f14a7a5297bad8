// The protocol test server driven through the kurrentdb client library (esdb-test-server.suite.ts).
import { testServerSuite } from './esdb-test-server.suite';

testServerSuite('kurrentdb');
