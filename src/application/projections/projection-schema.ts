// The read-model database. Versioned tables are keyed (id, vf): the latest version with
// vf <= P is the row as of position P, and at the head P is simply the applied position,
// so past and present are answered by the same index walks. The ledger clock only moves
// forward, so times map to positions by a binary search over the events' primary key.
export const READ_MODEL_APPLICATION = 'writ-read-models';
// 4: the window indexes of credentials and delegations cover the expiring inventory.
// 5: meta names the ledger and the hash of the last event applied (bound to their log).
// 6: anomalies and the per-agent behaviour trackers behind them (docs/behaviour.md).
export const READ_MODEL_SCHEMA_VERSION = 6;

/** A named (partial) index, or just its columns (named `<table>_i<n>`). */
type IndexSpec = string | { readonly name: string; readonly columns: string; readonly where: string };

const versioned = (name: string, columns: string, indexes: readonly IndexSpec[]) => [
  `CREATE TABLE IF NOT EXISTS ${name} (id TEXT NOT NULL, vf INTEGER NOT NULL, vt INTEGER NOT NULL, hash TEXT NOT NULL, ${columns}, PRIMARY KEY (id, vf)) WITHOUT ROWID`,
  ...indexes.map((ix, i) =>
    typeof ix === 'string' ? `CREATE INDEX IF NOT EXISTS ${name}_i${i} ON ${name} (${ix})` : `CREATE INDEX IF NOT EXISTS ${ix.name} ON ${name} (${ix.columns}) WHERE ${ix.where}`,
  ),
];

// The live windows, in window order, holding every column the window inventories read
// (the key, id and vf, comes with every entry). A window as of a past point also holds the
// versions made after that point, which the query skips: with the columns in the index
// it skips them without reading their rows, scattered over the table, one page each.
const WINDOW = (table: string, columns: string) => ({ name: `${table}_window`, columns, where: "status = 'active'" });

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
    ['delegatee_id, id', 'delegator_id, id', 'root_human_id, id', 'parent_id, id', WINDOW('delegations', 'not_after, vt, not_before, delegatee_id, root_human_id')],
  ),
  ...versioned(
    'credentials',
    'agent_id TEXT NOT NULL, delegation_id TEXT NOT NULL, task_id TEXT NOT NULL, capabilities TEXT NOT NULL, bound_key TEXT NOT NULL, issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, status TEXT NOT NULL',
    ['agent_id, id', 'delegation_id, id', WINDOW('credentials', 'expires_at, vt, issued_at, agent_id')],
  ),
  // Every event, with the subjects the feeds filter on; a decision (action.authorized,
  // action.denied, approval.requested) is the same row with its decision columns set
  // (chain_id not null, human_id = the agent's owner): one row per event, like the log.
  `CREATE TABLE IF NOT EXISTS events (position INTEGER PRIMARY KEY, recorded_at INTEGER NOT NULL, type TEXT NOT NULL, stream TEXT NOT NULL, actor TEXT NOT NULL,
     agent_id TEXT, human_id TEXT, outcome TEXT, hash TEXT NOT NULL,
     request_id TEXT, root_human_id TEXT, credential_id TEXT, delegation_id TEXT, action TEXT, resource TEXT, amount REAL, reason TEXT, chain_id INTEGER)`,
  `CREATE INDEX IF NOT EXISTS decisions_agent ON events (agent_id, position) WHERE chain_id IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS decisions_owner ON events (human_id, position) WHERE chain_id IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS decisions_request ON events (request_id, position) WHERE chain_id IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS decisions_allowed ON events (chain_id, position) WHERE outcome = 'allowed'`,
  // A decision cites its chain by id: the many decisions made under one credential share
  // the chain text, its hashes and leaf indexes (most of a decision's bytes).
  `CREATE TABLE IF NOT EXISTS chains (id INTEGER PRIMARY KEY, chain TEXT NOT NULL)`,
  // The delegations each chain goes through: delegation -> chains -> allowed decisions in a
  // window is what the over-scoped inventory asks.
  `CREATE TABLE IF NOT EXISTS chain_hops (delegation_id TEXT NOT NULL, chain_id INTEGER NOT NULL, capability INTEGER NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS chain_hops_delegation ON chain_hops (delegation_id, chain_id)`,
  // Anomalies (append-only, keyed by the decision that made them fire) and each agent's
  // baseline counters as of the applied position (behaviour-rows.ts).
  `CREATE TABLE IF NOT EXISTS anomalies (position INTEGER NOT NULL, seq INTEGER NOT NULL, agent_id TEXT NOT NULL, owner_id TEXT, rule TEXT NOT NULL, severity TEXT NOT NULL,
     value REAL NOT NULL, baseline REAL NOT NULL, threshold REAL NOT NULL, subject TEXT, positions TEXT NOT NULL, recorded_at INTEGER NOT NULL, PRIMARY KEY (position, seq)) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS anomalies_agent ON anomalies (agent_id, position)`,
  `CREATE INDEX IF NOT EXISTS anomalies_owner ON anomalies (owner_id, position)`,
  `CREATE TABLE IF NOT EXISTS behaviour (agent_id TEXT PRIMARY KEY, tracker TEXT NOT NULL) WITHOUT ROWID`,
];

/** Tables only: a rebuild loads them first and builds the secondary indexes once, at the end. */
export const READ_MODEL_TABLES = READ_MODEL_DDL.filter((ddl) => !ddl.startsWith('CREATE INDEX'));
export const READ_MODEL_INDEXES = READ_MODEL_DDL.filter((ddl) => ddl.startsWith('CREATE INDEX'));
/** The indexes of the append-only tables (whole before a bulk load writes its head rows). */
export const APPEND_ONLY_INDEXES = READ_MODEL_INDEXES.filter((ddl) => / ON (events|chain_hops|anomalies) /.test(ddl));

/**
 * Decisions as DecisionRow (the owner is the event's human_id, the chain text joined back
 * in; the enforcer is the statement's actor when it is not the agent: an AuthZEN evaluation). Append `AND ...` on the events columns (alias e); the owner is `e.human_id`.
 */
export const DECISION_ROWS =
  'SELECT e.position, e.request_id, e.agent_id, e.human_id AS owner_id, e.root_human_id, e.credential_id, e.delegation_id, e.action, e.resource, e.amount, e.outcome, e.reason, e.recorded_at, c.chain, e.hash, CASE WHEN e.actor <> e.agent_id THEN e.actor END AS enforcer FROM events e JOIN chains c ON c.id = e.chain_id WHERE e.chain_id IS NOT NULL';

/** Events as EventRow (the feed). Append `WHERE ...`. */
export const EVENT_ROWS = 'SELECT position, recorded_at, type, stream, actor, agent_id, human_id, outcome, hash FROM events';
