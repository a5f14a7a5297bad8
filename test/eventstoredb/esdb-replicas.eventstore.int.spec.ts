// Service replicas and failover over the EventStoreDB adapter with the eventstore client library (esdb-replicas.suite.ts).
import { esdbReplicasSuite } from './esdb-replicas.suite';

esdbReplicasSuite('eventstore');
