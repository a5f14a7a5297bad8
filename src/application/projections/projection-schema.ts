// The read-model database. Versioned tables are keyed (id, vf): the latest version with
// vf <= P is the row as of position P, and at the head P is simply the applied position,
// so past and present are answered by the same index walks. The ledger clock only moves
// forward, so times map to positions by a binary search over the events' primary key.
export const READ_MODEL_APPLICATION = 'writ-read-models';
export const READ_MODEL_SCHEMA_VERSION = 2;

const versioned = (name: string, columns: string, indexes: readonly string[]) => [
  `CREATE TABLE IF NOT EXISTS ${name} (id TEXT NOT NULL, vf INTEGER NOT NULL, vt INTEGER NOT NULL, hash TEXT NOT NULL, ${columns}, PRIMARY KEY (id, vf)) WITHOUT ROWID`,
  ...indexes.map((cols, i) => `CREATE INDEX IF NOT EXISTS ${name}_i${i} ON ${name} (${cols})`),
];

export const READ_MODEL_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`,
  ...versioned('principals', 'kind TEXT NOT NULL, name TEXT NOT NULL, roles TEXT NOT NULL, status TEXT NOT NULL, registered_by TEXT, registered_at INTEGER NOT NULL', ['registered_by, id', 'status, id']),
  ...versioned('entitlements', 'holder_id TEXT NOT NULL, capability TEXT NOT NULL, status TEXT NOT NULL, granted_at INTEGER NOT NULL', ['holder_id, id']),
  ...versioned(
    'agents',
    'owner_id TEXT NOT NULL, parent_agent_id TEXT, path TEXT NOT NULL, purpose TEXT NOT NULL, model_name TEXT NOT NULL, model_version TEXT NOT NULL, lifecycle TEXT NOT NULL, needs_review INTEGER NOT NULL, provisioned_by TEXT NOT NULL, provisioned_at INTEGER NOT NULL, last_reviewed_at INTEGER, model_changed_at INTEGER',
    ['owner_id, id', 'provisioned_by, id', 'parent_agent_id, id'],
  ),
  ...versioned(
    'delegations',
    'delegator_id TEXT NOT NULL, delegatee_id TEXT NOT NULL, parent_id TEXT, entitlement_id TEXT, root_human_id TEXT NOT NULL, path TEXT NOT NULL, agent_path TEXT NOT NULL, capabilities TEXT NOT NULL, not_before INTEGER NOT NULL, not_after INTEGER NOT NULL, depth INTEGER NOT NULL, purpose TEXT NOT NULL, status TEXT NOT NULL, granted_at INTEGER NOT NULL',
    ['delegatee_id, id', 'delegator_id, id', 'root_human_id, id', 'parent_id, id', 'not_after'],
  ),
  ...versioned(
    'credentials',
    'agent_id TEXT NOT NULL, delegation_id TEXT NOT NULL, task_id TEXT NOT NULL, capabilities TEXT NOT NULL, bound_key TEXT NOT NULL, issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, status TEXT NOT NULL',
    ['agent_id, id', 'delegation_id, id', 'expires_at'],
  ),
  `CREATE TABLE IF NOT EXISTS decisions (position INTEGER PRIMARY KEY, request_id TEXT NOT NULL, agent_id TEXT NOT NULL, owner_id TEXT, root_human_id TEXT,
     credential_id TEXT NOT NULL, delegation_id TEXT, action TEXT NOT NULL, resource TEXT NOT NULL, amount REAL, outcome TEXT NOT NULL, reason TEXT,
     recorded_at INTEGER NOT NULL, chain TEXT NOT NULL, hash TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS decisions_agent ON decisions (agent_id, position)`,
  `CREATE INDEX IF NOT EXISTS decisions_owner ON decisions (owner_id, position)`,
  `CREATE INDEX IF NOT EXISTS decisions_request ON decisions (request_id, position)`,
  `CREATE TABLE IF NOT EXISTS hops (delegation_id TEXT NOT NULL, position INTEGER NOT NULL, capability INTEGER NOT NULL, action TEXT NOT NULL, resource TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS hops_delegation ON hops (delegation_id, position)`,
  `CREATE TABLE IF NOT EXISTS events (position INTEGER PRIMARY KEY, recorded_at INTEGER NOT NULL, type TEXT NOT NULL, stream TEXT NOT NULL, actor TEXT NOT NULL,
     agent_id TEXT, human_id TEXT, outcome TEXT, hash TEXT NOT NULL)`,
];

/** Tables only: a rebuild loads them first and builds the secondary indexes once, at the end. */
export const READ_MODEL_TABLES = READ_MODEL_DDL.filter((ddl) => !ddl.startsWith('CREATE INDEX'));
export const READ_MODEL_INDEXES = READ_MODEL_DDL.filter((ddl) => ddl.startsWith('CREATE INDEX'));
