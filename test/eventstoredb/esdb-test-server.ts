// An in-process EventStoreDB test server: @grpc/grpc-js serving the generated service
// definitions that ship inside @eventstore/db-client (streams, gossip, server features),
// on 127.0.0.1 ephemeral ports, so the real client talks to it over a real loopback
// HTTP/2 connection. It exists because no EventStoreDB server can run on these machines.
//
// What it models, after the server's documentation and source (EventStore/EventStore,
// src/EventStore.Core/Services/Transport/Grpc/Streams.*.cs and the index writer's commit
// check):
// - Server features: GetSupportedMethods lists Streams.Read/Append/BatchAppend (the client
//   then uses BatchAppend for appendToStream), Gossip.Read and ServerFeatures itself.
//   `batchAppend: false` hides BatchAppend, so the unary Append path can be exercised.
// - Append and BatchAppend with expected revisions: exact revision, no_stream, any,
//   stream_exists. Idempotency as the server documents it for every expectation but ANY:
//   when the expected revision is behind the stream and the events right after it carry
//   the same event ids, the write succeeds again without writing (current revision = the
//   last of those events, no position: the original's position is not reported); when only
//   some of them match, it is a wrong expected version. ANY is not made idempotent at all
//   (the real server's check is best-effort, which is why the adapter never uses it).
// - Wrong expected version: AppendResp.wrong_expected_version (Append) or a google.rpc.Status
//   with an Any-packed WrongExpectedVersion (BatchAppend), carrying the current revision.
// - The append size limit (MaxAppendSize, default 1 MiB): the sum of data, custom metadata
//   and metadata bytes of the proposed events; over it the call fails with
//   `maximum-append-size-exceeded` (Append: trailers; BatchAppend: packed Status).
// - Reads of a stream forwards and backwards (start, end or a revision; count), with
//   stream_not_found for a stream that does not exist; reads of $all forwards (inclusive
//   from a position) and backwards (exclusive), with the record's commit/prepare position.
// - Subscriptions to $all (catch-up from start, end or exclusive position, then live) with
//   stream-name or event-type filters (prefixes or regex), checkpoints every
//   `checkpointIntervalMultiplier * window` events examined (window = max, default 32),
//   CaughtUp once the catch-up reaches the head, and then live events.
// - Positions are {commit, prepare}, equal and growing by each record's size plus a
//   header, so they are not dense indices; a few system records ($epoch-information,
//   $scavenges) are written at start so that $all is never only the ledger's events.
// - Clusters: `EsdbTestCluster` runs N nodes over ONE shared log with gossip (MemberInfo
//   with state leader/follower, isAlive, httpEndPoint = the node's gRPC port). Writes sent
//   to a follower fail with `not-leader` and the leader's endpoint in the trailers (what
//   the client's NotLeaderError reads). `kill(node)` shuts a node down at once; the next
//   alive node becomes leader. A node can be told to die after committing an append but
//   before answering it (an append whose outcome the client cannot know).
//
// What it does NOT model: replication, quorum acknowledgement, elections with epochs and
// truncation of uncommitted data on a deposed leader (the cluster shares one log: what a
// node committed is committed everywhere); request forwarding from followers (a follower
// refuses every write with not-leader); persistence to disk and restarts (a node that is
// killed stays dead); TLS, authentication and ACLs (insecure mode only: $all is readable by
// anyone); transactions, Delete and Tombstone (UNIMPLEMENTED), stream metadata ($max-age,
// $max-count, truncate-before), soft deletes and scavenging; stream subscriptions (only
// $all subscriptions); link events and resolveLinkTos; persistent subscriptions,
// projections, operations, users, monitoring; the server-side idempotency cache for ANY;
// deadlines; `fellBehind` (live subscribers never fall behind: they are pushed in-process);
// read-only replicas; real commit vs prepare positions of multi-event transactions.
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as GEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';
import { ClusterInfo, EndPoint, MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import {
  AllStreamPosition,
  Empty,
  MaximumAppendSizeExceeded,
  StreamIdentifier,
  UUID,
  WrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';

type TrackedCall = NodeJS.EventEmitter & { end?: () => void };

export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;
const RECORD_HEADER = 64;

export interface TestRecord {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
  readonly created: bigint;
  /** Commit and prepare positions (equal here); not dense. */
  readonly position: bigint;
}

interface Proposed {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

/** What the client may expect: an exact revision, or one of the named expectations. */
export type Expectation = { kind: 'revision'; revision: number } | { kind: 'no_stream' } | { kind: 'any' } | { kind: 'stream_exists' };

export type WriteOutcome =
  | { kind: 'written'; lastRevision: number; position: bigint }
  | { kind: 'idempotent'; lastRevision: number }
  | { kind: 'wrong_expected_version'; current: number | undefined };

/** The one log every node of a test cluster serves. */
export class TestLog {
  readonly records: TestRecord[] = [];
  private readonly streams = new Map<string, TestRecord[]>();
  private readonly listeners = new Set<() => void>();
  private nextPosition = 0n;
  /** Retries the commit check recognised as already written (and did not write again). */
  idempotentWrites = 0;

  constructor() {
    this.write('$epoch-information', { kind: 'any' }, [systemEvent('$epoch-information')]);
    this.write('$scavenges', { kind: 'any' }, [systemEvent('$scavengeIndexInitialized')]);
  }

  get head(): bigint {
    return this.nextPosition;
  }

  stream(name: string): readonly TestRecord[] | undefined {
    return this.streams.get(name);
  }

  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The index writer's commit check, then the write. */
  write(stream: string, expected: Expectation, events: readonly Proposed[]): WriteOutcome {
    const existing = this.streams.get(stream) ?? [];
    const current = existing.length === 0 ? -1 : existing.length - 1;
    if (expected.kind === 'revision' || expected.kind === 'no_stream') {
      const wanted = expected.kind === 'no_stream' ? -1 : expected.revision;
      if (wanted !== current) {
        if (wanted < current && events.length > 0) {
          const following = existing.slice(wanted + 1, wanted + 1 + events.length);
          const matches = following.filter((r, i) => r.id === events[i]!.id).length;
          if (matches === events.length) {
            this.idempotentWrites++;
            return { kind: 'idempotent', lastRevision: wanted + events.length };
          }
        }
        return { kind: 'wrong_expected_version', current: current < 0 ? undefined : current };
      }
    } else if (expected.kind === 'stream_exists' && current < 0) {
      return { kind: 'wrong_expected_version', current: undefined };
    }
    if (events.length === 0) return { kind: 'written', lastRevision: current, position: this.nextPosition };
    let position = this.nextPosition;
    const created = BigInt(Date.now()) * 10_000n + 621_355_968_000_000_000n;
    for (const [i, e] of events.entries()) {
      position = this.nextPosition;
      const record: TestRecord = { ...e, stream, revision: current + 1 + i, created, position };
      existing.push(record);
      this.records.push(record);
      this.nextPosition += BigInt(RECORD_HEADER + e.data.length + e.customMetadata.length + stream.length);
    }
    this.streams.set(stream, existing);
    for (const listener of [...this.listeners]) listener();
    return { kind: 'written', lastRevision: current + events.length, position };
  }

  /** Index of the first record at or after `position`. */
  indexAtOrAfter(position: bigint): number {
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.records[mid]!.position < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function systemEvent(type: string): Proposed {
  return { id: randomUUID(), type, contentType: 'application/json', data: Buffer.from('{}'), customMetadata: new Uint8Array() };
}

export interface NodeOptions {
  /** MaxAppendSize in bytes (default 1 MiB). */
  readonly maxAppendSize?: number;
  /** Advertise BatchAppend in server features (default true). */
  readonly batchAppend?: boolean;
}

type NodeState = 'leader' | 'follower' | 'dead';

/** One node: a gRPC server on 127.0.0.1 serving the log. */
export class EsdbTestNode {
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
    server.addService(StreamsService, {
      read: (call: grpc.ServerWritableStream<ReadReq, ReadResp>) => this.track(call, () => this.read(call)),
      append: (call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>) =>
        this.track(call, () => this.append(call, callback)),
      batchAppend: (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => this.track(call, () => this.batchAppend(call)),
      delete: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback({ code: grpc.status.UNIMPLEMENTED, details: 'not modelled' }),
      tombstone: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback({ code: grpc.status.UNIMPLEMENTED, details: 'not modelled' }),
    });
    server.addService(GossipService, {
      read: (_call: grpc.ServerUnaryCall<Empty, ClusterInfo>, callback: grpc.sendUnaryData<ClusterInfo>) => callback(null, this.gossip()),
    });
    server.addService(ServerFeaturesService, {
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
    const methods = new SupportedMethods();
    methods.setEventStoreServerVersion('23.10.0-writ-protocol-test-server');
    const add = (service: string, method: string, features: string[] = []) => {
      const m = new SupportedMethod();
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
    const info = new ClusterInfo();
    const nodes = this.cluster ? this.cluster.nodes : [this];
    for (const node of nodes) {
      const member = new MemberInfo();
      const id = new UUID();
      id.setString(node.instanceId);
      member.setInstanceId(id);
      member.setTimeStamp(String(BigInt(Date.now()) * 10_000n));
      member.setState(node.state === 'leader' ? MemberInfo.VNodeState.LEADER : node.state === 'follower' ? MemberInfo.VNodeState.FOLLOWER : MemberInfo.VNodeState.SHUTDOWN);
      member.setIsAlive(node.state !== 'dead');
      const endpoint = new EndPoint();
      endpoint.setAddress('127.0.0.1');
      endpoint.setPort(node.port);
      member.setHttpEndPoint(endpoint);
      info.addMembers(member);
    }
    return info;
  }

  /** Trailers for a failed call, the way the server's RpcExceptions write them. */
  private failure(code: grpc.status, exception: string, details: string, extra: Record<string, string> = {}): Partial<grpc.StatusObject> {
    const metadata = new grpc.Metadata();
    metadata.set('exception', exception);
    for (const [k, v] of Object.entries(extra)) metadata.set(k, v);
    return { code, details, metadata };
  }

  private notLeader(): Partial<grpc.StatusObject> | undefined {
    if (this.state === 'leader') return undefined;
    const leader = this.cluster?.leader;
    if (!leader) return { code: grpc.status.UNAVAILABLE, details: 'no leader', metadata: new grpc.Metadata() };
    return this.failure(grpc.status.NOT_FOUND, 'not-leader', 'Leader info available', {
      'leader-endpoint-host': '127.0.0.1',
      'leader-endpoint-port': String(leader.port),
    });
  }

  // --- appends -------------------------------------------------------------------

  private append(call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>): void {
    let options: AppendReq.Options | undefined;
    const proposed: Proposed[] = [];
    call.on('data', (req: AppendReq) => {
      if (req.hasOptions()) options = req.getOptions();
      else if (req.hasProposedMessage()) proposed.push(toProposed(req.getProposedMessage()!));
    });
    call.on('end', () => {
      const refused = this.notLeader();
      if (refused) return callback(refused);
      if (!options) return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'options missing' });
      const size = sizeOf(proposed);
      if (size > this.maxAppendSize) {
        return callback(
          this.failure(grpc.status.INVALID_ARGUMENT, 'maximum-append-size-exceeded', `Maximum Append Size of ${this.maxAppendSize} Exceeded.`, {
            'maximum-append-size': String(this.maxAppendSize),
          }),
        );
      }
      const stream = streamName(options.getStreamIdentifier());
      const expected = appendExpectation(options);
      const outcome = this.log.write(stream, expected, proposed);
      if (this.afterCommit(outcome)) return;
      const resp = new AppendResp();
      if (outcome.kind === 'wrong_expected_version') {
        const wev = new AppendResp.WrongExpectedVersion();
        if (outcome.current === undefined) wev.setCurrentNoStream(new Empty());
        else wev.setCurrentRevision(String(outcome.current));
        if (expected.kind === 'revision') wev.setExpectedRevision(String(expected.revision));
        else if (expected.kind === 'no_stream') wev.setExpectedNoStream(new Empty());
        else if (expected.kind === 'stream_exists') wev.setExpectedStreamExists(new Empty());
        else wev.setExpectedAny(new Empty());
        resp.setWrongExpectedVersion(wev);
        return callback(null, resp);
      }
      const success = new AppendResp.Success();
      if (outcome.lastRevision < 0) success.setNoStream(new Empty());
      else success.setCurrentRevision(String(outcome.lastRevision));
      if (outcome.kind === 'written') {
        const position = new AppendResp.Position();
        position.setCommitPosition(String(outcome.position));
        position.setPreparePosition(String(outcome.position));
        success.setPosition(position);
      } else success.setNoPosition(new Empty());
      resp.setSuccess(success);
      callback(null, resp);
    });
  }

  private batchAppend(call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
    const pending = new Map<string, { options: BatchAppendReq.Options; proposed: Proposed[] }>();
    call.on('data', (req: BatchAppendReq) => {
      const correlation = req.getCorrelationId()!;
      const key = correlation.getString();
      let entry = pending.get(key);
      if (!entry) {
        entry = { options: req.getOptions()!, proposed: [] };
        pending.set(key, entry);
      }
      for (const m of req.getProposedMessagesList()) entry.proposed.push(toProposed(m));
      if (!req.getIsFinal()) return;
      pending.delete(key);
      this.batchAppendOne(call, correlation, entry.options, entry.proposed);
    });
    call.on('end', () => call.end());
    call.on('error', () => undefined);
  }

  private batchAppendOne(
    call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>,
    correlation: UUID,
    options: BatchAppendReq.Options,
    proposed: Proposed[],
  ): void {
    const refused = this.notLeader();
    if (refused) {
      // The real server fails the whole BatchAppend call with not-leader.
      call.emit('error', refused);
      return;
    }
    const resp = new BatchAppendResp();
    resp.setCorrelationId(correlation);
    resp.setStreamIdentifier(options.getStreamIdentifier());
    const expected = batchExpectation(options);
    if (expected.kind === 'revision') resp.setStreamPosition(String(expected.revision));
    else if (expected.kind === 'no_stream') resp.setNoStream(new GEmpty());
    else if (expected.kind === 'stream_exists') resp.setStreamExists(new GEmpty());
    else resp.setAny(new GEmpty());
    const size = sizeOf(proposed);
    if (size > this.maxAppendSize) {
      const detail = new MaximumAppendSizeExceeded();
      detail.setMaxappendsize(this.maxAppendSize);
      resp.setError(status(grpc.status.INVALID_ARGUMENT, 'Maximum Append Size Exceeded', detail.serializeBinary(), 'event_store.client.MaximumAppendSizeExceeded'));
      call.write(resp);
      return;
    }
    const outcome = this.log.write(streamName(options.getStreamIdentifier()), expected, proposed);
    if (this.afterCommit(outcome)) return;
    if (outcome.kind === 'wrong_expected_version') {
      const wev = new WrongExpectedVersion();
      if (outcome.current === undefined) wev.setCurrentNoStream(new GEmpty());
      else wev.setCurrentStreamRevision(String(outcome.current));
      if (expected.kind === 'revision') wev.setExpectedStreamPosition(String(expected.revision));
      else if (expected.kind === 'no_stream') wev.setExpectedNoStream(new GEmpty());
      else if (expected.kind === 'stream_exists') wev.setExpectedStreamExists(new GEmpty());
      else wev.setExpectedAny(new GEmpty());
      resp.setError(status(grpc.status.FAILED_PRECONDITION, 'Wrong expected version', wev.serializeBinary(), 'event_store.client.WrongExpectedVersion'));
      call.write(resp);
      return;
    }
    const success = new BatchAppendResp.Success();
    if (outcome.lastRevision < 0) success.setNoStream(new GEmpty());
    else success.setCurrentRevision(String(outcome.lastRevision));
    if (outcome.kind === 'written') {
      const position = new AllStreamPosition();
      position.setCommitPosition(String(outcome.position));
      position.setPreparePosition(String(outcome.position));
      success.setPosition(position);
    } else success.setNoPosition(new GEmpty());
    resp.setSuccess(success);
    call.write(resp);
  }

  /** True when the node was told to die between committing and answering. */
  private afterCommit(outcome: WriteOutcome): boolean {
    this.appendsSeen++;
    if (outcome.kind !== 'written' || !this.dieAfterCommit?.(this.appendsSeen)) return false;
    this.kill();
    return true;
  }

  // --- reads and subscriptions ---------------------------------------------------

  private read(call: grpc.ServerWritableStream<ReadReq, ReadResp>): void {
    const options = call.request.getOptions()!;
    if (options.hasSubscription()) return this.subscribe(call, options);
    const count = Number(options.getCount() || '0');
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    if (options.hasStream()) {
      const so = options.getStream()!;
      const name = streamName(so.getStreamIdentifier());
      const records = this.log.stream(name);
      if (!records) {
        const resp = new ReadResp();
        const nf = new ReadResp.StreamNotFound();
        nf.setStreamIdentifier(so.getStreamIdentifier());
        resp.setStreamNotFound(nf);
        call.write(resp);
        call.end();
        return;
      }
      let selected: TestRecord[];
      if (backwards) {
        const from = so.hasStart() ? -1 : so.hasEnd() ? records.length - 1 : Math.min(Number(so.getRevision()), records.length - 1);
        selected = from < 0 ? [] : records.slice(Math.max(0, from - count + 1), from + 1).reverse();
      } else {
        const from = so.hasEnd() ? records.length : so.hasStart() ? 0 : Number(so.getRevision());
        selected = records.slice(from, from + count);
      }
      for (const record of selected) call.write(eventResp(record, false));
      call.end();
      return;
    }
    const ao = options.getAll()!;
    const all = this.log.records;
    let selected: TestRecord[];
    if (backwards) {
      const end = ao.hasEnd() ? all.length : ao.hasStart() ? 0 : this.log.indexAtOrAfter(BigInt(ao.getPosition()!.getCommitPosition()));
      selected = all.slice(Math.max(0, end - count), end).reverse();
    } else {
      const start = ao.hasStart() ? 0 : ao.hasEnd() ? all.length : this.log.indexAtOrAfter(BigInt(ao.getPosition()!.getCommitPosition()));
      selected = all.slice(start, start + count);
    }
    for (const record of selected) call.write(eventResp(record, true));
    call.end();
  }

  private subscribe(call: grpc.ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options): void {
    if (!options.hasAll()) {
      call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'stream subscriptions are not modelled' });
      return;
    }
    const ao = options.getAll()!;
    const filter = options.hasFilter() ? compileFilter(options.getFilter()!) : undefined;
    const window = filter?.window ?? 32;
    const checkpointEvery = filter ? Math.max(1, window * filter.multiplier) : Infinity;
    let next = ao.hasStart() ? 0 : ao.hasEnd() ? this.log.records.length : this.log.indexAtOrAfter(BigInt(ao.getPosition()!.getCommitPosition()) + 1n);
    let examined = 0;
    let caughtUp = false;
    let open = true;

    const confirmation = new ReadResp();
    const conf = new ReadResp.SubscriptionConfirmation();
    conf.setSubscriptionId(randomUUID());
    confirmation.setConfirmation(conf);
    call.write(confirmation);

    const pump = () => {
      if (!open) return;
      const records = this.log.records;
      while (next < records.length) {
        const record = records[next++]!;
        examined++;
        if (!filter || filter.matches(record)) call.write(eventResp(record, true));
        if (examined % checkpointEvery === 0) {
          const resp = new ReadResp();
          const cp = new ReadResp.Checkpoint();
          cp.setCommitPosition(String(record.position));
          cp.setPreparePosition(String(record.position));
          resp.setCheckpoint(cp);
          call.write(resp);
        }
      }
      if (!caughtUp) {
        caughtUp = true;
        const resp = new ReadResp();
        resp.setCaughtUp(new ReadResp.CaughtUp());
        call.write(resp);
      }
    };
    const unsubscribe = this.log.onCommit(pump);
    const close = () => {
      open = false;
      unsubscribe();
    };
    call.on('cancelled', close);
    call.on('close', close);
    call.on('error', close);
    pump();
  }
}

/** Several nodes over one shared log, with gossip; node 0 starts as leader. */
export class EsdbTestCluster {
  readonly log = new TestLog();
  readonly nodes: EsdbTestNode[];

  constructor(size: number, options: NodeOptions = {}) {
    this.nodes = Array.from({ length: size }, () => new EsdbTestNode(this.log, this, options));
    this.nodes.forEach((node, i) => (node.state = i === 0 ? 'leader' : 'follower'));
  }

  async start(): Promise<this> {
    for (const node of this.nodes) await node.start();
    return this;
  }

  get leader(): EsdbTestNode | undefined {
    return this.nodes.find((n) => n.state === 'leader');
  }

  /** `esdb://` connection string listing every node as a gossip seed. */
  get connectionString(): string {
    return `esdb://${this.nodes.map((n) => n.endpoint).join(',')}?tls=false&nodePreference=leader&discoveryInterval=20&maxDiscoverAttempts=50&gossipTimeout=2`;
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

/** A single node with its own log. */
export async function startTestServer(options: NodeOptions = {}): Promise<EsdbTestNode & { connectionString: string }> {
  const node = new EsdbTestNode(new TestLog(), undefined, options);
  await node.start();
  return Object.assign(node, { connectionString: `esdb://${node.endpoint}?tls=false` });
}

// --- helpers ---------------------------------------------------------------------

function toProposed(m: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): Proposed {
  const metadata = m.getMetadataMap();
  return {
    id: m.getId()!.getString(),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: m.getData_asU8(),
    customMetadata: m.getCustomMetadata_asU8(),
  };
}

function sizeOf(proposed: readonly Proposed[]): number {
  return proposed.reduce((sum, p) => sum + p.data.length + p.customMetadata.length + Buffer.byteLength(p.type) + Buffer.byteLength(p.contentType), 0);
}

function streamName(identifier: StreamIdentifier | undefined): string {
  return Buffer.from(identifier!.getStreamName_asU8()).toString('utf8');
}

function appendExpectation(o: AppendReq.Options): Expectation {
  if (o.hasNoStream()) return { kind: 'no_stream' };
  if (o.hasAny()) return { kind: 'any' };
  if (o.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'revision', revision: Number(o.getRevision()) };
}

function batchExpectation(o: BatchAppendReq.Options): Expectation {
  if (o.hasNoStream()) return { kind: 'no_stream' };
  if (o.hasAny()) return { kind: 'any' };
  if (o.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'revision', revision: Number(o.getStreamPosition()) };
}

function status(code: number, message: string, detail: Uint8Array, typeName: string): Status {
  const s = new Status();
  s.setCode(code);
  s.setMessage(message);
  const any = new Any();
  any.pack(detail, typeName);
  s.setDetails(any);
  return s;
}

function eventResp(record: TestRecord, withCommitPosition: boolean): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  const id = new UUID();
  id.setString(record.id);
  recorded.setId(id);
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(record.stream, 'utf8'));
  recorded.setStreamIdentifier(identifier);
  recorded.setStreamRevision(String(record.revision));
  recorded.setPreparePosition(String(record.position));
  recorded.setCommitPosition(String(record.position));
  recorded.getMetadataMap().set('type', record.type);
  recorded.getMetadataMap().set('content-type', record.contentType);
  recorded.getMetadataMap().set('created', String(record.created));
  recorded.setData(record.data);
  recorded.setCustomMetadata(record.customMetadata);
  const event = new ReadResp.ReadEvent();
  event.setEvent(recorded);
  if (withCommitPosition) event.setCommitPosition(String(record.position));
  else event.setNoPosition(new Empty());
  const resp = new ReadResp();
  resp.setEvent(event);
  return resp;
}

interface CompiledFilter {
  readonly window: number;
  readonly multiplier: number;
  matches(record: TestRecord): boolean;
}

function compileFilter(f: ReadReq.Options.FilterOptions): CompiledFilter {
  const onStream = f.hasStreamIdentifier();
  const expression = onStream ? f.getStreamIdentifier()! : f.getEventType()!;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  return {
    window: f.hasMax() ? f.getMax() : 32,
    multiplier: f.getCheckpointintervalmultiplier() || 1,
    matches: (record) => {
      const subject = onStream ? record.stream : record.type;
      if (prefixes.length > 0 && prefixes.some((p) => subject.startsWith(p))) return true;
      return regex !== undefined && regex.test(subject);
    },
  };
}
