// Service replicas and failover over the EventStoreDB adapter with the kurrentdb client library (esdb-replicas.suite.ts).
import { esdbReplicasSuite } from './esdb-replicas.suite';

esdbReplicasSuite('kurrentdb');
