// Opening the ledger in a data directory, creating it on first use: the ledger key and
// the first admin's key as 0600 files, then the genesis statement signed by the ledger
// key. `writ init` and the service's first start both come through here. A directory
// that still holds a ledger's keys or read models but no ledger in its store is not a
// first use: it is refused unless a new ledger is asked for (newLedger).
import { existsSync, mkdirSync } from 'node:fs';
import { relative } from 'node:path';
import { DEFAULT_POLICY } from '../../domain';
import { toBase64Url } from '../../integrity/bytes';
import { uuidv7 } from '../../sdk/uuidv7';
import { SqliteEventStore } from '../../storage/sqlite/sqlite-event-store';
import { EsdbEventStore } from '../../storage/eventstoredb/esdb-event-store';
import { storeSelection, type StoreSelection } from '../../config/writ-config';
import type { EventStore } from '../../storage/event-store.port';
import { readKeyFile, writeNewKeyFile } from './key-files';
import { monotonicClock } from './ledger-clock';
import { ledgerFiles, type LedgerFiles } from './ledger-files';
import { LedgerRuntime } from './ledger-runtime';
import type { RuntimeObserver } from './runtime-options';
import { fileKeyStore, seedSigner } from './ledger-signer';

export interface OpenLedgerOptions {
  readonly dataDir: string;
  readonly originHost: string;
  readonly durability: 'full' | 'normal';
  readonly adminName: string;
  readonly observer?: RuntimeObserver;
  /** Only for `writ init`: the id of the ledger to create (default: a new UUIDv7). */
  readonly ledgerId?: string;
  /** Where the events live (default: from WRIT_STORE / WRIT_ESDB_URL, else the SQLite file). */
  readonly store?: StoreSelection;
  /** Who records cascades (see RuntimeOptions.cascades); the service passes 'saga'. */
  readonly cascades?: 'self' | 'saga';
  /** Set from the store selection: follow other writers live (see RuntimeOptions.followStore). */
  readonly followStore?: boolean;
  /**
   * Create a ledger even though the directory holds keys or read models and the store no
   * ledger (WRIT_NEW_LEDGER=1, `writ init --force`): the key files are reused.
   */
  readonly newLedger?: boolean;
}

export interface OpenedLedger {
  readonly runtime: LedgerRuntime;
  readonly files: LedgerFiles;
  /** True when this call created the ledger. */
  readonly created: boolean;
}

export async function openLedger(options: OpenLedgerOptions): Promise<OpenedLedger> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const files = ledgerFiles(options.dataDir);
  const selection = options.store ?? storeSelection();
  if (!options.newLedger) checkDataDirectory(options.dataDir, selection);
  // On EventStoreDB the key files stay in the data directory (every replica needs the same
  // ledger key); the events live on the server, under the prefix, for every replica.
  const store: EventStore =
    selection.kind === 'eventstoredb'
      ? new EsdbEventStore({ connectionString: selection.url, client: selection.client, ledgerId: selection.prefix, streamPrefix: selection.prefix })
      : new SqliteEventStore(files.store, { durability: options.durability });
  // Replicas share an EventStoreDB: each follows the others' commits live.
  const withFollow = { ...options, followStore: selection.kind === 'eventstoredb' };
  try {
    if ((await store.size()) > 0) return { runtime: await open(store, files, withFollow), files, created: false };
    if (!options.newLedger) refuseLeftovers(options.dataDir, selection);
    return { runtime: await create(store, files, withFollow), files, created: true };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** A start the data directory's contents refuse; its message is the whole story (one line). */
export class DataDirectoryRefused extends Error {}

/** What a ledger leaves in its data directory besides the events: key files and read models. */
function leftovers(dataDir: string): string[] {
  const files = ledgerFiles(dataDir);
  return [files.ledgerKey, files.nextLedgerKey, files.adminKey, files.readModels].filter((path) => existsSync(path));
}

/**
 * Before the store is opened (which creates an SQLite file): a directory whose SQLite
 * store is missing must not hold keys or read models. The service calls it before
 * anything starts, so the refusal is all it prints.
 */
export function checkDataDirectory(dataDir: string, selection: StoreSelection): void {
  if (selection.kind === 'sqlite' && !existsSync(ledgerFiles(dataDir).store)) refuseLeftovers(dataDir, selection);
}

/**
 * Keys or read models without a ledger in the store mean the store was deleted, moved or
 * replaced (or another directory was meant): creating a ledger there would silently give
 * clients holding the old ledger id `statement.wrong_ledger`, under the same key files.
 * Called when the store holds no event (an empty SQLite file, an EventStoreDB prefix).
 */
function refuseLeftovers(dataDir: string, selection: StoreSelection): void {
  const found = leftovers(dataDir);
  if (found.length === 0) return;
  const store = selection.kind === 'eventstoredb' ? `EventStoreDB (prefix ${selection.prefix})` : relative(dataDir, ledgerFiles(dataDir).store);
  throw new DataDirectoryRefused(
    `${dataDir} holds ${found.map((path) => relative(dataDir, path)).join(', ')} but its store (${store}) holds no ledger; ` +
      'refusing to create a new ledger over them: restore the store, or set WRIT_NEW_LEDGER=1 (writ init --force) to create a new ledger here with these keys',
  );
}

/** A store with no ledger key beside it: a copy, or a key gone missing. */
export function missingLedgerKey(dataDir: string): string {
  return (
    `${dataDir} holds a ledger store (writ.db) but not its key (keys/ledger.key.json): restore the key file, ` +
    'set WRIT_DATA_DIR to the ledger\'s own data directory, or serve this copy read-only (WRIT_READ_ONLY=1, `writ serve --read-only`)'
  );
}

function open(store: EventStore, files: LedgerFiles, options: OpenLedgerOptions): Promise<LedgerRuntime> {
  if (!existsSync(files.ledgerKey)) throw new DataDirectoryRefused(missingLedgerKey(options.dataDir));
  const ledgerKey = readKeyFile(files.ledgerKey);
  return LedgerRuntime.open({ ...runtimeOptions(store, ledgerKey.seed, options), keys: fileKeyStore(files.ledgerKey) });
}

async function create(store: EventStore, files: LedgerFiles, options: OpenLedgerOptions): Promise<LedgerRuntime> {
  const ledgerId = options.ledgerId ?? uuidv7();
  // Key files already there are reused, never replaced: only reached without any (a fresh
  // directory) or when a new ledger was asked for over them (an interrupted first start
  // leaves keys and an empty store, which is refused like a lost store: see refuseLeftovers).
  const ledgerKey = existsSync(files.ledgerKey) ? readKeyFile(files.ledgerKey) : writeNewKeyFile(files.ledgerKey, `ledger-${ledgerId}`);
  const admin = existsSync(files.adminKey) ? readKeyFile(files.adminKey) : writeNewKeyFile(files.adminKey, uuidv7());
  const genesis = {
    v: 1 as const,
    ledgerId,
    type: 'ledger.genesis',
    actor: ledgerKey.id ?? `ledger-${ledgerId}`,
    nonce: uuidv7(),
    issuedAt: new Date().toISOString(),
    body: {
      publicKey: toBase64Url(ledgerKey.publicKey),
      admins: [{ principalId: admin.id!, kind: 'human', name: options.adminName, publicKey: toBase64Url(admin.publicKey) }],
      policy: { ...DEFAULT_POLICY },
    },
  };
  return LedgerRuntime.create({ ...runtimeOptions(store, ledgerKey.seed, options), keys: fileKeyStore(files.ledgerKey) }, genesis);
}

function runtimeOptions(store: EventStore, seed: Uint8Array, options: OpenLedgerOptions) {
  return {
    store,
    signer: seedSigner(seed),
    clock: monotonicClock(),
    originHost: options.originHost,
    ...(options.observer ? { observer: options.observer } : {}),
    ...(options.cascades ? { cascades: options.cascades } : {}),
    ...(options.followStore ? { followStore: true } : {}),
  };
}
