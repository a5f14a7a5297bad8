// A forensic copy served without keys (WRIT_READ_ONLY, `writ serve --read-only`): the
// read side of the LedgerPort over a store nobody writes, and every write refused with
// `ledger.read_only` in the ledger layer itself, so each door (GraphQL, HTTP, whatever
// is added later) refuses it the same way and none can sign or append by mistake.
// It holds no signer at all: checkpoints are the ones the record holds, and the
// ledger's keys are the public keys the record names.
import { existsSync } from 'node:fs';
import type { RecordedEvent } from '../../domain';
import { problem, type Result } from '../../errors/problem';
import { fromBase64Url } from '../../integrity/bytes';
import { formatVerifierKey } from '../../integrity/checkpoint';
import type { SignedStatement } from '../../integrity/statement';
import type { EventStore } from '../../storage/event-store.port';
import { SqliteEventStore } from '../../storage/sqlite/sqlite-event-store';
import { keyIdOf } from './ledger-key-ring';
import { ledgerFiles } from './ledger-files';
import { LedgerMemory } from './ledger-memory';
import { LedgerReads } from './ledger-reads';
import { MerkleLog } from './merkle-log';
import { refusal } from './pending';
import type {
  AuthorizeResult,
  ConsistencyProof,
  CredentialResult,
  InclusionProof,
  LedgerHealth,
  LedgerKey,
  LedgerPort,
  SignedCheckpoint,
  SubmitResult,
} from './ledger.port';

/** Why a read-only copy cannot be served; the message is the whole story (one line). */
export class ReadOnlyCopyRefused extends Error {}

const READ_ONLY_MESSAGE = 'this is a read-only copy of the ledger (WRIT_READ_ONLY): it records nothing; submit to the live ledger';

/** The refusal every write gets, at the statement as a whole. */
export const readOnlyRefusal = (): SubmitResult => refusal(problem('ledger.read_only', READ_ONLY_MESSAGE, 'statement'));

/** What a copy's record says about its ledger key and checkpoints, folded in log order. */
class RecordedFacts {
  /** base64url public keys named by genesis and each rotation, oldest first. */
  readonly keys: string[] = [];
  checkpoint: SignedCheckpoint | undefined;

  observe(event: RecordedEvent): void {
    const body = event.statement.body as { publicKey?: unknown; treeSize?: unknown; rootHash?: unknown; note?: unknown } | null;
    if ((event.type === 'ledger.genesis' || event.type === 'ledger.key_rotated') && typeof body?.publicKey === 'string') {
      if (!this.keys.includes(body.publicKey)) this.keys.push(body.publicKey);
    }
    if (event.type === 'checkpoint.recorded' && typeof body?.note === 'string' && typeof body.treeSize === 'number' && typeof body.rootHash === 'string') {
      // The note's first line is its origin (C2SP tlog-checkpoint).
      this.checkpoint = { note: body.note, origin: body.note.slice(0, body.note.indexOf('\n')), treeSize: body.treeSize, rootHash: body.rootHash };
    }
  }
}

export class ReadOnlyLedger extends LedgerReads implements LedgerPort {
  readonly readOnly = true;

  private constructor(
    store: EventStore,
    memory: LedgerMemory,
    private readonly facts: RecordedFacts,
    private readonly checkpoint: SignedCheckpoint,
  ) {
    super(store, memory);
  }

  /**
   * Folds the whole store in (state, Merkle log, recorded keys and checkpoints). A copy
   * whose record holds no checkpoint is refused: without a signed tree head nothing it
   * serves could be checked, and a copy has no key to sign one.
   */
  static async open(store: EventStore): Promise<ReadOnlyLedger> {
    // The Merkle log is only asked for proofs here, never to sign: its signer refuses.
    const log = new MerkleLog('', {
      name: '',
      publicKey: new Uint8Array(32),
      sign: () => {
        throw new Error(READ_ONLY_MESSAGE);
      },
    });
    // A copy never signs a checkpoint, so it keeps no state map.
    const memory = new LedgerMemory(log, { stateMap: false });
    const facts = new RecordedFacts();
    await memory.catchUp(store, (e) => facts.observe(e));
    if (memory.size === 0) throw new ReadOnlyCopyRefused('the store holds no ledger: a read-only copy is made with `writ import --in <export> --store <dir>`');
    if (facts.checkpoint === undefined) {
      throw new ReadOnlyCopyRefused(
        'the copy records no checkpoint, so nothing it serves could be checked and it holds no key to sign one: export again once the live ledger has recorded one (it does every few seconds of activity)',
      );
    }
    return new ReadOnlyLedger(store, memory, facts, facts.checkpoint);
  }

  get ledgerId(): string {
    return this.memory.view.ledger()!.ledgerId;
  }

  /** The origin the record's checkpoints were signed for. */
  get origin(): string {
    return this.checkpoint.origin;
  }

  get verifierKey(): string {
    const key = formatVerifierKey(this.origin, fromBase64Url(this.facts.keys.at(-1)!)!);
    if (!key.ok) throw new Error(key.problems[0].message);
    return key.value;
  }

  async submit(_input: SignedStatement, _expectedType?: string): Promise<SubmitResult> {
    return readOnlyRefusal();
  }

  async submitBatch(inputs: readonly SignedStatement[]): Promise<readonly SubmitResult[]> {
    return inputs.map(() => readOnlyRefusal());
  }

  async requestCredential(_input: SignedStatement): Promise<CredentialResult> {
    return readOnlyRefusal() as CredentialResult;
  }

  /** A refused request, not a decision: the copy records none, so it answers none. */
  async authorize(_input: SignedStatement): Promise<AuthorizeResult> {
    return readOnlyRefusal() as AuthorizeResult;
  }

  /** The latest checkpoint the record holds (a copy signs none of its own): receipts and evidence are against it. */
  latestCheckpoint(): SignedCheckpoint {
    return this.checkpoint;
  }

  /** Proofs default to the recorded checkpoint's tree size, the one `/checkpoint` serves. */
  inclusionProof(leafIndex: number, treeSize: number = this.checkpoint.treeSize): Result<InclusionProof> {
    return this.memory.log.inclusion(leafIndex, treeSize);
  }

  consistencyProof(fromSize: number, toSize: number = this.checkpoint.treeSize): Result<ConsistencyProof> {
    return this.memory.log.consistency(fromSize, toSize);
  }

  /** A copy never grows: listeners (read models) have nothing to hear after catch-up. */
  onEvents(): void {}

  /** Every ledger key the record names, oldest first; the last one named is current. */
  ledgerKeys(): readonly LedgerKey[] {
    const current = this.facts.keys.at(-1);
    return this.facts.keys.flatMap((encoded) => {
      const publicKey = fromBase64Url(encoded);
      return publicKey === undefined ? [] : [{ kid: keyIdOf(publicKey), publicKey, current: encoded === current }];
    });
  }

  health(): LedgerHealth {
    return { status: 'ok', reasons: [] };
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/**
 * Opens the SQLite store of a copy's data directory read-only: the copy is evidence, so
 * the service never writes to it (read models go beside it, in their own file).
 */
export async function openReadOnlyCopy(dataDir: string): Promise<ReadOnlyLedger> {
  const path = ledgerFiles(dataDir).store;
  if (!existsSync(path)) throw new ReadOnlyCopyRefused(`WRIT_DATA_DIR: ${dataDir} holds no store (writ.db) to serve read-only: make a copy with \`writ import --in <export> --store ${dataDir}\``);
  const store = new SqliteEventStore(path, { readonly: true });
  try {
    return await ReadOnlyLedger.open(store);
  } catch (error) {
    await store.close();
    throw error;
  }
}
