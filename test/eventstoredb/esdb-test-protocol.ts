// The generated gRPC service definitions and message classes the protocol test server
// serves, taken from the client library under test: @eventstore/db-client ships them as
// generated/*, the KurrentDB client as generated/kurrentdb/protocols/v1/* (the same
// `event_store.client.*` services and messages; its copies add fields such as
// BatchAppendReq.Options.deadline_21_10_0 and positions on CaughtUp/FellBehind).
//
// The server must use the same library's copies as the client in its process: both
// register their classes in one global protobuf namespace (esdb-client.ts), so the
// server claims the library the way the adapter's factory does.
import { claimClientLibrary, type EsdbClientLibrary } from '../../src/storage/eventstoredb/esdb-client';

type Es<M extends string> = M extends 'streams_grpc_pb'
  ? typeof import('@eventstore/db-client/generated/streams_grpc_pb')
  : M extends 'gossip_grpc_pb'
    ? typeof import('@eventstore/db-client/generated/gossip_grpc_pb')
    : M extends 'serverfeatures_grpc_pb'
      ? typeof import('@eventstore/db-client/generated/serverfeatures_grpc_pb')
      : never;

/** Typed by @eventstore/db-client's declarations: what the server uses exists in both copies. */
export interface Protocol {
  readonly library: EsdbClientLibrary;
  readonly StreamsService: Es<'streams_grpc_pb'>['StreamsService'];
  readonly GossipService: Es<'gossip_grpc_pb'>['GossipService'];
  readonly ServerFeaturesService: Es<'serverfeatures_grpc_pb'>['ServerFeaturesService'];
  readonly streams: typeof import('@eventstore/db-client/generated/streams_pb');
  readonly gossip: typeof import('@eventstore/db-client/generated/gossip_pb');
  readonly features: typeof import('@eventstore/db-client/generated/serverfeatures_pb');
  readonly shared: typeof import('@eventstore/db-client/generated/shared_pb');
  readonly status: typeof import('@eventstore/db-client/generated/status_pb');
}

const cache = new Map<EsdbClientLibrary, Protocol>();

export function protocolFor(library: EsdbClientLibrary): Protocol {
  claimClientLibrary(library);
  let protocol = cache.get(library);
  if (!protocol) {
    protocol = load(library);
    cache.set(library, protocol);
  }
  return protocol;
}

// Loaded on demand (not imported), so a process never loads the other library's copies.
// The KurrentDB client's copies are typed as @eventstore/db-client's: they are the same
// messages with fields added (compared file by file when this was written), which the
// compiler cannot accept as one type (the generated static methods take their own
// classes); the suites over both libraries are what check them.
function load(library: EsdbClientLibrary): Protocol {
  const base = library === 'eventstore' ? '@eventstore/db-client/generated' : '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1';
  const module = <T>(name: string) => require(`${base}/${name}`) as T;
  return {
    library,
    StreamsService: module<Es<'streams_grpc_pb'>>('streams_grpc_pb').StreamsService,
    GossipService: module<Es<'gossip_grpc_pb'>>('gossip_grpc_pb').GossipService,
    ServerFeaturesService: module<Es<'serverfeatures_grpc_pb'>>('serverfeatures_grpc_pb').ServerFeaturesService,
    streams: module('streams_pb'),
    gossip: module('gossip_pb'),
    features: module('serverfeatures_pb'),
    shared: module('shared_pb'),
    status: module('status_pb'),
  };
}
