// An in-process EventStoreDB / KurrentDB test server: @grpc/grpc-js serving the generated
// service definitions that ship inside the client library under test (streams, gossip,
// server features; esdb-test-protocol.ts), on 127.0.0.1 ephemeral ports, so the real
// client talks to it over a real loopback HTTP/2 connection. It exists because no
// EventStoreDB or KurrentDB server can run on these machines. Both client libraries speak
// the same v1 protocol (`event_store.client.*`); the KurrentDB client also reads through a
// native Rust client (@kurrent/bridge) over the same Streams.Read service.
//
// What it models, after the server's documentation and source (EventStore/EventStore,
// src/EventStore.Core/Services/Transport/Grpc/Streams.*.cs and the index writer's commit
// check), file by file:
// - esdb-test-log.ts: the commit check (expected revisions, idempotent retries) and $all
//   positions.
// - esdb-test-appends.ts: Append and BatchAppend, wrong expected version, MaxAppendSize.
// - esdb-test-reads.ts: reads of streams and $all, filtered $all subscriptions with
//   checkpoints and CaughtUp.
// - here: server features (GetSupportedMethods lists Streams.Read/Append/BatchAppend, then
//   the client uses BatchAppend for appendToStream; `batchAppend: false` hides it, so the
//   unary Append path can be exercised), gossip and clusters. `EsdbTestCluster` runs N
//   nodes over ONE shared log with gossip (MemberInfo with state leader/follower, isAlive,
//   httpEndPoint = the node's gRPC port). Writes sent to a follower fail with `not-leader`
//   and the leader's endpoint in the trailers (what the clients' NotLeaderError reads).
//   `kill(node)` shuts a node down at once; the next alive node becomes leader. A node can
//   be told to die after committing an append but before answering it (an append whose
//   outcome the client cannot know).
//
// What it does NOT model: replication, quorum acknowledgement, elections with epochs and
// truncation of uncommitted data on a deposed leader (the cluster shares one log: what a
// node committed is committed everywhere); request forwarding from followers (a follower
// refuses every write with not-leader); persistence to disk and restarts (a node that is
// killed stays dead); TLS, authentication and ACLs (insecure mode only: $all is readable by
// anyone); transactions, Delete and Tombstone (UNIMPLEMENTED), stream metadata ($max-age,
// $max-count, truncate-before), soft deletes and scavenging; stream subscriptions (only
// $all subscriptions); link events and resolveLinkTos; persistent subscriptions,
// projections, operations, users, monitoring; the v2 protocol of KurrentDB 25.1+
// (`kurrentdb.protocol.v2`: multi-stream appends, server info; the clients use it only for
// calls Writ does not make); the server-side idempotency cache for ANY; deadlines;
// `fellBehind` (live subscribers never fall behind: they are pushed in-process); read-only
// replicas; real commit vs prepare positions of multi-event transactions.
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';
import type { ClusterInfo } from '@eventstore/db-client/generated/gossip_pb';
import type { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import type { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { EsdbClientLibrary } from '../../src/storage/eventstoredb/esdb-client';
import { append, batchAppend } from './esdb-test-appends';
import { TestLog, type WriteOutcome } from './esdb-test-log';
import { protocolFor, type Protocol } from './esdb-test-protocol';
import { read } from './esdb-test-reads';

export { TestLog, type TestRecord } from './esdb-test-log';

type TrackedCall = NodeJS.EventEmitter & { end?: () => void };

export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;

/** What the Streams handlers (appends, reads) need of their node. */
export interface NodeContext {
  readonly protocol: Protocol;
  readonly log: TestLog;
  readonly maxAppendSize: number;
  /** The not-leader refusal on a follower, undefined on the leader. */
  notLeader(): Partial<grpc.StatusObject> | undefined;
  failure(code: grpc.status, exception: string, details: string, extra?: Record<string, string>): Partial<grpc.StatusObject>;
  /** Counts an append; true when the node was told to die between committing and answering. */
  afterCommit(outcome: WriteOutcome): boolean;
}

export interface NodeOptions {
  /** MaxAppendSize in bytes (default 1 MiB). */
  readonly maxAppendSize?: number;
  /** Advertise BatchAppend in server features (default true). */
  readonly batchAppend?: boolean;
}

type NodeState = 'leader' | 'follower' | 'dead';

/** One node: a gRPC server on 127.0.0.1 serving the log. */
export class EsdbTestNode implements NodeContext {
  private server: grpc.Server | undefined;
  port = 0;
  state: NodeState = 'leader';
  readonly instanceId = randomUUID();
  /** Counts appends this node accepted (any path). */
  appendsSeen = 0;
  /** When set, called after an append is committed and before it is answered; return true to die without answering. */
  dieAfterCommit: ((appendNumber: number) => boolean) | undefined;
  private readonly calls = new Set<TrackedCall>();

  constructor(
    readonly protocol: Protocol,
    readonly log: TestLog,
    private readonly cluster: EsdbTestCluster | undefined,
    private readonly options: NodeOptions = {},
  ) {}

  get endpoint(): string {
    return `127.0.0.1:${this.port}`;
  }

  get maxAppendSize(): number {
    return this.options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
  }

  async start(): Promise<void> {
    const server = new grpc.Server();
    server.addService(this.protocol.StreamsService, {
      read: (call: grpc.ServerWritableStream<ReadReq, ReadResp>) => this.track(call, () => read(this, call)),
      append: (call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>) =>
        this.track(call, () => append(this, call, callback)),
      batchAppend: (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => this.track(call, () => batchAppend(this, call)),
      delete: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback({ code: grpc.status.UNIMPLEMENTED, details: 'not modelled' }),
      tombstone: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback({ code: grpc.status.UNIMPLEMENTED, details: 'not modelled' }),
    });
    server.addService(this.protocol.GossipService, {
      read: (_call: grpc.ServerUnaryCall<Empty, ClusterInfo>, callback: grpc.sendUnaryData<ClusterInfo>) => callback(null, this.gossip()),
    });
    server.addService(this.protocol.ServerFeaturesService, {
      getSupportedMethods: (_call: grpc.ServerUnaryCall<Empty, SupportedMethods>, callback: grpc.sendUnaryData<SupportedMethods>) =>
        callback(null, this.features()),
    });
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
    this.server = server;
  }

  /** Stops at once: open calls are cut off, as when the process dies. */
  kill(): void {
    this.state = 'dead';
    this.server?.forceShutdown();
    this.server = undefined;
    this.cluster?.nodeDied(this);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const call of this.calls) {
      try {
        call.end?.();
      } catch {
        // already ended
      }
    }
    server.forceShutdown();
  }

  private track(call: TrackedCall, run: () => void): void {
    this.calls.add(call);
    call.on('close', () => this.calls.delete(call));
    call.on('finish', () => this.calls.delete(call));
    run();
  }

  private features(): SupportedMethods {
    const p = this.protocol;
    const methods = new p.features.SupportedMethods();
    methods.setEventStoreServerVersion('23.10.0-writ-protocol-test-server');
    const add = (service: string, method: string, features: string[] = []) => {
      const m = new p.features.SupportedMethod();
      m.setServiceName(service);
      m.setMethodName(method);
      m.setFeaturesList(features);
      methods.addMethods(m);
    };
    add('event_store.client.streams.streams', 'read', ['position', 'events']);
    add('event_store.client.streams.streams', 'append');
    if (this.options.batchAppend !== false) add('event_store.client.streams.streams', 'batchappend');
    add('event_store.client.gossip.gossip', 'read');
    add('event_store.client.server_features.serverfeatures', 'getsupportedmethods');
    return methods;
  }

  private gossip(): ClusterInfo {
    const p = this.protocol;
    const info = new p.gossip.ClusterInfo();
    const nodes = this.cluster ? this.cluster.nodes : [this];
    for (const node of nodes) {
      const member = new p.gossip.MemberInfo();
      const id = new p.shared.UUID();
      id.setString(node.instanceId);
      member.setInstanceId(id);
      member.setTimeStamp(String(BigInt(Date.now()) * 10_000n));
      member.setState(node.state === 'leader' ? p.gossip.MemberInfo.VNodeState.LEADER : node.state === 'follower' ? p.gossip.MemberInfo.VNodeState.FOLLOWER : p.gossip.MemberInfo.VNodeState.SHUTDOWN);
      member.setIsAlive(node.state !== 'dead');
      const endpoint = new p.gossip.EndPoint();
      endpoint.setAddress('127.0.0.1');
      endpoint.setPort(node.port);
      member.setHttpEndPoint(endpoint);
      info.addMembers(member);
    }
    return info;
  }

  /** Trailers for a failed call, the way the server's RpcExceptions write them. */
  failure(code: grpc.status, exception: string, details: string, extra: Record<string, string> = {}): Partial<grpc.StatusObject> {
    const metadata = new grpc.Metadata();
    metadata.set('exception', exception);
    for (const [k, v] of Object.entries(extra)) metadata.set(k, v);
    return { code, details, metadata };
  }

  notLeader(): Partial<grpc.StatusObject> | undefined {
    if (this.state === 'leader') return undefined;
    const leader = this.cluster?.leader;
    if (!leader) return { code: grpc.status.UNAVAILABLE, details: 'no leader', metadata: new grpc.Metadata() };
    return this.failure(grpc.status.NOT_FOUND, 'not-leader', 'Leader info available', {
      'leader-endpoint-host': '127.0.0.1',
      'leader-endpoint-port': String(leader.port),
    });
  }

  /** True when the node was told to die between committing and answering. */
  afterCommit(outcome: WriteOutcome): boolean {
    this.appendsSeen++;
    if (outcome.kind !== 'written' || !this.dieAfterCommit?.(this.appendsSeen)) return false;
    this.kill();
    return true;
  }
}

/** The connection string scheme of the library: the adapter picks its client by it. */
export function schemeOf(library: EsdbClientLibrary): string {
  return library === 'eventstore' ? 'esdb' : 'kurrentdb';
}

/** Several nodes over one shared log, with gossip; node 0 starts as leader. */
export class EsdbTestCluster {
  readonly log = new TestLog();
  readonly nodes: EsdbTestNode[];

  /** Served with `library`'s generated definitions; the client in this process must be the same library. */
  constructor(
    readonly library: EsdbClientLibrary,
    size: number,
    options: NodeOptions = {},
  ) {
    const protocol = protocolFor(library);
    this.nodes = Array.from({ length: size }, () => new EsdbTestNode(protocol, this.log, this, options));
    this.nodes.forEach((node, i) => (node.state = i === 0 ? 'leader' : 'follower'));
  }

  async start(): Promise<this> {
    for (const node of this.nodes) await node.start();
    return this;
  }

  get leader(): EsdbTestNode | undefined {
    return this.nodes.find((n) => n.state === 'leader');
  }

  /** Connection string (in the library's scheme) listing every node as a gossip seed. */
  get connectionString(): string {
    return `${schemeOf(this.library)}://${this.nodes.map((n) => n.endpoint).join(',')}?tls=false&nodePreference=leader&discoveryInterval=20&maxDiscoverAttempts=50`;
  }

  /** The next alive node becomes leader when the leader dies. */
  nodeDied(node: EsdbTestNode): void {
    if (this.leader) return;
    const next = this.nodes.find((n) => n !== node && n.state === 'follower');
    if (next) next.state = 'leader';
  }

  async stop(): Promise<void> {
    for (const node of this.nodes) await node.stop();
  }
}

/** A single node with its own log, served with `library`'s generated definitions. */
export async function startTestServer(library: EsdbClientLibrary, options: NodeOptions = {}): Promise<EsdbTestNode & { connectionString: string }> {
  const node = new EsdbTestNode(protocolFor(library), new TestLog(), undefined, options);
  await node.start();
  // discoveryInterval: the KurrentDB client's native reader waits that long (default 500 ms)
  // before its first connection, even to a single node; every test opens many clients.
  return Object.assign(node, { connectionString: `${schemeOf(library)}://${node.endpoint}?tls=false&discoveryInterval=20` });
}
