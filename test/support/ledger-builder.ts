// Builds a real ledger of many event types through LedgerRuntime over a SQLite file, for
// the CLI's tests and the verification bench. Every statement is signed and decided for
// real; nothing is written around the runtime. Statements are signed with Node's Ed25519
// (the same bytes as the SDK's, Ed25519 being deterministic) to keep large builds quick.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LedgerRuntime } from '../../src/application/ledger/ledger-runtime';
import { seedSigner } from '../../src/application/ledger/ledger-signer';
import { monotonicClock } from '../../src/application/ledger/ledger-clock';
import type { SubmitResult } from '../../src/application/ledger/ledger.port';
import { toBase64Url } from '../../src/integrity/bytes';
import { generateKeyPair } from '../../src/integrity/ed25519';
import { encodeStatement, signingMessage, type SignedStatement, type Statement } from '../../src/integrity/statement';
import { SqliteEventStore } from '../../src/storage/sqlite/sqlite-event-store';
import { formatKeyFile } from '../../src/sdk/key-file';
import { inDays, tempDir } from './ledger-fixtures';

export interface BuilderActor {
  readonly id: string;
  seed: Uint8Array;
  publicKey: string;
}

export function builderActor(prefix: string): BuilderActor {
  const keys = generateKeyPair();
  return { id: `${prefix}-${randomUUID().slice(0, 8)}`, seed: keys.seed, publicKey: toBase64Url(keys.publicKey) };
}

const signers = new WeakMap<Uint8Array, ReturnType<typeof seedSigner>>();

export function signAs(by: BuilderActor, statement: Statement): SignedStatement {
  let signer = signers.get(by.seed);
  if (signer === undefined) signers.set(by.seed, (signer = seedSigner(by.seed)));
  const text = encodeStatement(statement);
  return { statement: text, signature: toBase64Url(signer.sign(signingMessage(text))) };
}

export interface BuildOptions {
  /** At least this many events (the last round may overshoot by a few dozen). */
  readonly events: number;
  /** Data directory (default: a new temporary one): writ.db and keys/ledger.key.json. */
  readonly dataDir?: string;
  /** Agents per round (default 20). */
  readonly agentsPerRound?: number;
  /** Actions per agent and round (default 4). */
  readonly actionsPerAgent?: number;
  /** Signed checkpoint notes are kept at these sizes (the first round at or past each). */
  readonly keepCheckpointsAt?: readonly number[];
  readonly originHost?: string;
  /** Reuse a ledger id and ledger key (to build a forked history signed by the real key). */
  readonly ledgerId?: string;
  readonly ledger?: BuilderActor;
  readonly onProgress?: (size: number) => void;
}

export interface BuiltLedger {
  readonly dataDir: string;
  readonly dbPath: string;
  readonly ledgerId: string;
  readonly origin: string;
  readonly verifierKey: string;
  readonly ledger: BuilderActor;
  readonly admin: BuilderActor;
  readonly human: BuilderActor;
  /** Agents with their current keys (after any rotation), by id. */
  readonly agents: ReadonlyMap<string, BuilderActor>;
  readonly size: number;
  /** The latest signed checkpoint at the end. */
  readonly checkpoint: { readonly note: string; readonly treeSize: number; readonly rootHash: string };
  /** Notes kept at keepCheckpointsAt. */
  readonly kept: readonly { readonly note: string; readonly treeSize: number }[];
}

export const CAPABILITY = { resource: 'erp://po/**', actions: ['create', 'read'], conditions: { maxAmount: 50000 } };

/** Opens (or creates) a runtime for a built ledger's SQLite file with its ledger key. */
export async function openRuntime(dbPath: string, ledger: BuilderActor, originHost = 'writ.test'): Promise<LedgerRuntime> {
  return LedgerRuntime.open({ store: new SqliteEventStore(dbPath, { durability: 'normal' }), signer: seedSigner(ledger.seed), clock: monotonicClock(), originHost });
}

export async function buildLedger(options: BuildOptions): Promise<BuiltLedger> {
  const dataDir = options.dataDir ?? tempDir('writ-ledger-');
  mkdirSync(join(dataDir, 'keys'), { recursive: true });
  const dbPath = join(dataDir, 'writ.db');
  const ledgerId = options.ledgerId ?? `ledger-${randomUUID().slice(0, 8)}`;
  const ledger = options.ledger ?? { id: `ledger-${ledgerId}`, ...keysOf(builderActor('x')) };
  writeFileSync(join(dataDir, 'keys', 'ledger.key.json'), formatKeyFile(ledger.seed, ledger.id), { mode: 0o600 });
  const admin = builderActor('admin');
  const human = builderActor('human');
  const originHost = options.originHost ?? 'writ.test';
  const st = (by: BuilderActor, type: string, body: object): Statement => ({ v: 1, ledgerId, type, actor: by.id, nonce: randomUUID(), issuedAt: new Date().toISOString(), body });
  const runtime = await LedgerRuntime.create(
    { store: new SqliteEventStore(dbPath, { durability: 'normal' }), signer: seedSigner(ledger.seed), clock: monotonicClock(), originHost },
    st(ledger, 'ledger.genesis', { publicKey: ledger.publicKey, admins: [{ principalId: admin.id, kind: 'human', name: 'Admin', publicKey: admin.publicKey }] }),
  );
  const must = async (by: BuilderActor, type: string, body: object): Promise<void> => check(type, await runtime.submit(signAs(by, st(by, type, body))));
  const all = (items: Promise<void>[]) => Promise.all(items).then(() => undefined);
  const agents = new Map<string, BuilderActor>();
  const kept: { note: string; treeSize: number }[] = [];
  const keepAt = [...(options.keepCheckpointsAt ?? [])].sort((a, b) => a - b);
  try {
    await must(admin, 'principal.registered', { principalId: human.id, kind: 'human', name: 'Hana', publicKey: human.publicKey });
    await must(admin, 'principal.entitlement_granted', { principalId: human.id, entitlementId: 'ent-1', capability: CAPABILITY });
    for (let round = 0; runtime.size() < options.events; round++) {
      const group = Array.from({ length: options.agentsPerRound ?? 20 }, () => builderActor(`agent-r${round}`));
      for (const a of group) agents.set(a.id, a);
      await all(group.map((a) => must(human, 'agent.provisioned', { agentId: a.id, ownerId: human.id, publicKey: a.publicKey, purpose: 'procurement', model: { name: 'm', version: '1' } })));
      await all(group.map((a) => must(human, 'delegation.granted', { delegationId: `d-${a.id}`, delegateeId: a.id, entitlementId: 'ent-1', capabilities: [CAPABILITY], notBefore: inDays(-1), notAfter: inDays(30), depth: 1, purpose: 'buy' })));
      await all(group.map((a) => must(a, 'credential.request', { credentialId: `c-${a.id}`, delegationId: `d-${a.id}`, task: { id: 'restock' }, ttlSeconds: 3600 })));
      for (let k = 0; k < (options.actionsPerAgent ?? 4); k++) {
        await all(group.map((a, i) => must(a, 'action.request', { requestId: `r-${a.id}-${k}`, credentialId: `c-${a.id}`, action: 'create', resource: `erp://po/orders/${round}-${i}-${k}`, amount: 10 + k, taskId: 'restock' })));
      }
      await variety(human, group, round, must, all);
      await runtime.idle();
      const recorded = await runtime.recordCheckpoint(`cp-${round}-${randomUUID().slice(0, 8)}`);
      if (recorded !== undefined) check('checkpoint.recorded', recorded);
      await runtime.idle();
      const cp = runtime.latestCheckpoint();
      while (keepAt.length > 0 && cp.treeSize >= keepAt[0]!) {
        keepAt.shift();
        kept.push({ note: cp.note, treeSize: cp.treeSize });
      }
      options.onProgress?.(runtime.size());
    }
    await runtime.idle();
    const cp = runtime.latestCheckpoint();
    return {
      dataDir, dbPath, ledgerId, origin: runtime.origin, verifierKey: runtime.verifierKey, ledger, admin, human, agents,
      size: runtime.size(), checkpoint: { note: cp.note, treeSize: cp.treeSize, rootHash: cp.rootHash }, kept,
    };
  } finally {
    await runtime.close();
  }
}

/** Suspensions, resumptions, key rotations and revocations, a few per round. */
async function variety(
  human: BuilderActor,
  group: BuilderActor[],
  round: number,
  must: (by: BuilderActor, type: string, body: object) => Promise<void>,
  all: (items: Promise<void>[]) => Promise<void>,
): Promise<void> {
  const [a, b, c] = group;
  if (a === undefined || b === undefined || c === undefined) return;
  const next = builderActor('k');
  await all([
    must(human, 'agent.suspended', { agentId: a.id, reason: `round ${round}` }),
    must(b, 'agent.key_rotated', { agentId: b.id, publicKey: next.publicKey }).then(() => {
      b.seed = next.seed;
      b.publicKey = next.publicKey;
    }),
    must(human, 'delegation.revoked', { delegationId: `d-${c.id}`, reason: `round ${round}` }),
  ]);
  await must(human, 'agent.resumed', { agentId: a.id });
}

function keysOf(a: BuilderActor): { seed: Uint8Array; publicKey: string } {
  return { seed: a.seed, publicKey: a.publicKey };
}

function check(type: string, r: SubmitResult): void {
  if (!r.ok) throw new Error(`${type} refused: ${JSON.stringify(r.problems)}`);
}
