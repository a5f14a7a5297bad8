// KurrentDB 25's documented server options, kept here so a test can check
// docker-compose.yml against them (no Docker engine can run the file where it was written).
//
// Source: KurrentDB's documentation in its repository (kurrent-io/KurrentDB, docs/server/
// configuration/networking.md, cluster.md, db-config.md, security.md, and the projections
// and logging pages). Each option has a YAML name and an environment variable: the YAML name
// in SCREAMING_SNAKE_CASE behind the prefix, `KURRENTDB_` since 25.0 (EventStoreDB used
// `EVENTSTORE_`). networking.md marks the 23.10 names that 25.0 removed.

/** YAML names of the options the compose file may use. */
export const KURRENTDB_OPTIONS = [
  // networking.md
  'NodeIp',
  'NodePort',
  'ReplicationIp',
  'ReplicationPort',
  'NodeHostAdvertiseAs',
  'NodePortAdvertiseAs',
  'ReplicationHostAdvertiseAs',
  'ReplicationTcpPortAdvertiseAs',
  'AdvertiseHostToClientAs',
  'AdvertiseNodePortToClientAs',
  'KeepAliveInterval',
  'KeepAliveTimeout',
  'EnableAtomPubOverHttp',
  // cluster.md
  'ClusterSize',
  'DiscoverViaDns',
  'ClusterDns',
  'GossipSeed',
  // db-config.md
  'Db',
  'Index',
  'MaxAppendSize',
  // security.md
  'Insecure',
  'CertificateFile',
  'CertificatePrivateKeyFile',
  'TrustedRootCertificatesPath',
  // projections and logging pages
  'RunProjections',
  'StartStandardProjections',
  'Log',
] as const;

/** Names that networking.md says were removed in 25.0 (with their replacements). */
export const REMOVED_IN_25: Readonly<Record<string, string>> = {
  ExtIp: 'NodeIp',
  IntIp: 'ReplicationIp',
  HttpPort: 'NodePort',
  IntTcpPort: 'ReplicationPort',
  HttpPortAdvertiseAs: 'NodePortAdvertiseAs',
  ExtHostAdvertiseAs: 'NodeHostAdvertiseAs',
  IntHostAdvertiseAs: 'ReplicationHostAdvertiseAs',
  IntTcpPortAdvertiseAs: 'ReplicationTcpPortAdvertiseAs',
  AdvertiseHttpPortToClientAs: 'AdvertiseNodePortToClientAs',
  IntTcpHeartbeatInterval: 'ReplicationHeartbeatInterval',
  IntTcpHeartbeatTimeout: 'ReplicationHeartbeatTimeout',
};

/** `NodeIp` -> `KURRENTDB_NODE_IP`. */
export function environmentName(option: string, prefix = 'KURRENTDB_'): string {
  return prefix + option.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
