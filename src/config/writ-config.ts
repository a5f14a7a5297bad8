// Configuration from the environment, with the defaults the README documents. Bad
// values stop the process at start with a message naming the variable.
import { resolve } from 'node:path';
import { clientLibraryFor, ESDB_CLIENT_LIBRARIES, isEsdbConnectionString, type EsdbClientLibrary } from '../storage/eventstoredb/esdb-client';

export interface WritConfig {
  /** WRIT_DATA_DIR: the SQLite file, the key files and the read models live here. */
  readonly dataDir: string;
  /** WRIT_HOST / WRIT_PORT: where the HTTP server listens. */
  readonly host: string;
  readonly port: number;
  /** WRIT_ORIGIN_HOST: host part of the checkpoint origin `<host>/<ledgerId>`. */
  readonly originHost: string;
  /** WRIT_DURABILITY: `full` (fsync every commit, the default) or `normal` (see README). */
  readonly durability: 'full' | 'normal';
  /** WRIT_CHECKPOINT_INTERVAL_MS: how often a checkpoint is recorded while the log grows. */
  readonly checkpointIntervalMs: number;
  /** WRIT_ADMIN_NAME: the first admin's display name, used when a ledger is created. */
  readonly adminName: string;
  /** WRIT_STORE (`sqlite`, the default, or `eventstoredb`) with WRIT_ESDB_URL, WRIT_ESDB_PREFIX and WRIT_ESDB_CLIENT. */
  readonly store: StoreSelection;
  /**
   * WRIT_NEW_LEDGER=1: create a new ledger in a data directory that holds keys or read
   * models but no ledger in its store (refused otherwise). No effect when the store holds one.
   */
  readonly newLedger: boolean;
  /**
   * WRIT_READ_ONLY=1 (`writ serve --read-only`): serve the SQLite store of the data
   * directory as a forensic copy, without keys; every write is refused (`ledger.read_only`).
   */
  readonly readOnly: boolean;
}

/** Where the events live: the embedded SQLite file, or an EventStoreDB server or cluster. */
export type StoreSelection =
  | { readonly kind: 'sqlite' }
  | { readonly kind: 'eventstoredb'; readonly url: string; readonly prefix: string; readonly client: EsdbClientLibrary };

/**
 * WRIT_STORE, WRIT_ESDB_URL (`esdb://`, `kurrentdb://` or their `+discover` forms),
 * WRIT_ESDB_PREFIX (default `writ.`), WRIT_ESDB_CLIENT (`eventstore` or `kurrentdb`;
 * default by the URL's scheme: `esdb` -> eventstore, `kurrentdb` -> kurrentdb).
 */
export function storeSelection(env: Env = process.env): StoreSelection {
  const kind = env.WRIT_STORE ?? 'sqlite';
  if (kind === 'sqlite') return { kind };
  if (kind !== 'eventstoredb') throw new Error(`WRIT_STORE must be sqlite or eventstoredb, not ${kind}`);
  const url = env.WRIT_ESDB_URL ?? '';
  if (!/^\S+$/.test(url) || !isEsdbConnectionString(url)) {
    throw new Error(`WRIT_ESDB_URL must be an esdb://, esdb+discover://, kurrentdb:// or kurrentdb+discover:// connection string when WRIT_STORE=eventstoredb, not "${url}"`);
  }
  const prefix = env.WRIT_ESDB_PREFIX ?? 'writ.';
  if (!/^[A-Za-z0-9._-]+$/.test(prefix)) throw new Error(`WRIT_ESDB_PREFIX must be letters, digits, '.', '_' or '-', not ${prefix}`);
  const explicit = env.WRIT_ESDB_CLIENT;
  if (explicit !== undefined && !ESDB_CLIENT_LIBRARIES.includes(explicit as EsdbClientLibrary)) {
    throw new Error(`WRIT_ESDB_CLIENT must be ${ESDB_CLIENT_LIBRARIES.join(' or ')}, not ${explicit}`);
  }
  return { kind, url, prefix, client: clientLibraryFor(url, explicit as EsdbClientLibrary | undefined) };
}

export const DEFAULTS = {
  WRIT_DATA_DIR: './data',
  WRIT_HOST: '127.0.0.1',
  WRIT_PORT: '4000',
  WRIT_ORIGIN_HOST: 'writ.local',
  WRIT_DURABILITY: 'full',
  WRIT_CHECKPOINT_INTERVAL_MS: '5000',
  WRIT_ADMIN_NAME: 'First Admin',
} as const;

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env = process.env): WritConfig {
  const get = (name: keyof typeof DEFAULTS) => env[name] ?? DEFAULTS[name];
  const durability = get('WRIT_DURABILITY');
  if (durability !== 'full' && durability !== 'normal') throw new Error(`WRIT_DURABILITY must be full or normal, not ${durability}`);
  const originHost = get('WRIT_ORIGIN_HOST');
  if (!/^[A-Za-z0-9.-]+(:\d+)?$/.test(originHost)) throw new Error(`WRIT_ORIGIN_HOST must be a host name, not ${originHost}`);
  const store = storeSelection(env);
  const readOnly = flag('WRIT_READ_ONLY', env.WRIT_READ_ONLY);
  if (readOnly && store.kind !== 'sqlite') throw new Error('WRIT_READ_ONLY serves a copy made by `writ import` (an SQLite store in WRIT_DATA_DIR): unset WRIT_STORE');
  return {
    dataDir: resolve(get('WRIT_DATA_DIR')),
    host: get('WRIT_HOST'),
    port: integer('WRIT_PORT', get('WRIT_PORT'), 0, 65535),
    originHost,
    durability,
    checkpointIntervalMs: integer('WRIT_CHECKPOINT_INTERVAL_MS', get('WRIT_CHECKPOINT_INTERVAL_MS'), 100, 86_400_000),
    adminName: get('WRIT_ADMIN_NAME'),
    store,
    newLedger: flag('WRIT_NEW_LEDGER', env.WRIT_NEW_LEDGER),
    readOnly,
  };
}

function flag(name: string, text: string | undefined): boolean {
  if (text === undefined || text === '' || text === '0') return false;
  if (text === '1') return true;
  throw new Error(`${name} must be 1 or 0, not ${text}`);
}

function integer(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, not ${text}`);
  return n;
}
