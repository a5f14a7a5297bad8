// Crash safety (issue 5): the service runs as a child process under load from several
// clients and is killed with SIGKILL mid-load (no shutdown hook, a half-written batch).
// Restarted on the same data directory, it must hold every statement it acknowledged,
// its chains and Merkle log must verify from the file, its new checkpoint must extend
// the last one any client saw, and it must take new appends.
import { hexToBytes, bytesToHex } from '../../src/integrity/bytes';
import { checkChain, parseEnvelope, type Envelope } from '../../src/integrity/envelope';
import { MerkleTree } from '../../src/integrity/merkle';
import { statements, verifyConsistency, verifyReceipt, WritClient, type Receipt, type SignedCheckpoint, type SignedStatement } from '../../src/sdk';
import { SqliteEventStore } from '../../src/storage/sqlite/sqlite-event-store';
import { startService, type ServiceProcess } from '../support/service-process';
import { clientFor, firstAdmin, newActor, receiptOf, receiptProblem, signedBy, type Actor } from './support/e2e-support';

interface Seen {
  readonly note: string;
  readonly treeSize: number;
}

const LOOPS = 8;
const LOAD_MS = 1500;
const MIN_RECEIPTS = 100;

describe('crash safety: SIGKILL under load, then restart on the same data directory', () => {
  let service: ServiceProcess;
  let admin: Actor;
  const shared = [newActor('shared'), newActor('shared'), newActor('shared')];
  const receipts: Receipt[] = [];
  let lastSeen: Seen | undefined;
  const ctx = (by: Actor) => ({ ledgerId: service.ledgerId, actor: by.id });

  beforeAll(async () => {
    // Checkpoints recorded often, so the kill may also land in one of those.
    service = await startService({ env: { WRIT_CHECKPOINT_INTERVAL_MS: '200' } });
    admin = firstAdmin(service);
    const client = clientFor(service);
    for (const s of shared) {
      receiptOf(await client.submit(signedBy(admin, statements.registerPrincipal({ principalId: s.id, kind: 'human', name: 'S', publicKey: s.keys.publicKeyBase64Url }, ctx(admin)))));
    }
  }, 60_000);
  afterAll(() => service?.destroy());

  it('keeps every acknowledged statement and a verifiable log across the kill', async () => {
    let killed = false;
    const loops = Array.from({ length: LOOPS }, (_, i) => load(i, () => killed));
    // Mid-load: after LOAD_MS and at least MIN_RECEIPTS acknowledged (a slow CI machine waits longer, within bounds).
    const started = Date.now();
    while (Date.now() - started < LOAD_MS || (receipts.length < MIN_RECEIPTS && Date.now() - started < 10_000)) {
      await new Promise((r) => setTimeout(r, 50));
    }
    killed = true;
    await service.kill();
    // Each loop ends on the request the kill cut off: its statement may or may not have landed.
    const cutOff = await Promise.all(loops);
    expect(receipts.length).toBeGreaterThanOrEqual(LOOPS);

    service = await service.restart();
    expect(service.created).toBe(false);
    const client = clientFor(service);
    const reader = clientFor(service, admin);
    const now = await checkpointOf(client);
    expect(now.treeSize).toBeGreaterThanOrEqual(lastSeen!.treeSize);

    // Every receipt: the event at its leaf index is the one it names, and it still verifies.
    for (let i = 0; i < receipts.length; i += 32) {
      await Promise.all(
        receipts.slice(i, i + 32).map(async (r) => {
          const event = await reader.event(r.leafIndex);
          expect(event.ok && event.value?.hash).toBe(r.envelopeHash);
          expect(receiptProblem(service, r)).toBeUndefined();
        }),
      );
    }

    // The restarted log extends the last checkpoint any client saw.
    const proof = await client.consistencyProof(lastSeen!.treeSize, now.treeSize);
    if (!proof.ok) throw new Error(JSON.stringify(proof.problems));
    expect(verifyConsistency(lastSeen!.note, now.note, proof.value, service.verifierKey, { origin: service.origin }).ok).toBe(true);

    // From the file itself: every stream's chain, and the Merkle root the service signed.
    expect(await verifyStoreFile(service.files.store, now)).toEqual({ brokenChains: [], rootMatches: true });

    // Sending a cut-off statement again is safe: it lands once (replayed if it had already).
    for (const signed of cutOff) {
      const again = receiptOf(await client.submit(signed), 'resent after the restart');
      const atLeaf = await reader.event(again.leafIndex);
      expect(atLeaf.ok && atLeaf.value?.hash).toBe(again.envelopeHash);
    }

    // And it takes new appends, whose receipts extend the same log.
    const after = receiptOf(await client.submit(signedBy(admin, statements.grantEntitlement({ principalId: shared[0]!.id, entitlementId: 'after-restart', capability: { resource: 'crm://x/**', actions: ['read'] } }, ctx(admin)))));
    expect(after.leafIndex).toBeGreaterThanOrEqual(now.treeSize);
    expect(verifyReceipt(after, service.verifierKey, { origin: service.origin }).ok).toBe(true);
  }, 60_000);

  /**
   * One client: appends until the service is gone, keeping every receipt and checkpoint
   * it got; returns the statement whose request the kill cut off.
   */
  async function load(i: number, stop: () => boolean): Promise<SignedStatement> {
    // No retries: a request cut by the kill must count as failed, not be resent to nobody.
    const client = new WritClient({ url: service.url, ledgerId: service.ledgerId, retries: 0, timeoutMs: 5_000 });
    for (let k = 0; k < 100_000; k++) {
      const signed = k % 3 === 2
        ? signedBy(admin, statements.registerPrincipal({ principalId: `p-${i}-${k}`, kind: 'human', name: 'P', publicKey: shared[0]!.keys.publicKeyBase64Url }, ctx(admin)))
        : signedBy(admin, statements.grantEntitlement({ principalId: shared[(i + k) % shared.length]!.id, entitlementId: `e-${i}-${k}`, capability: { resource: `crm://c${i}/**`, actions: ['read'] } }, ctx(admin)));
      const result = await client.submit(signed);
      if (!result.ok) {
        if (stop()) return signed;
        throw new Error(`refused before the kill: ${JSON.stringify(result.problems)}`);
      }
      receipts.push(result.receipt);
      see({ note: result.receipt.checkpoint, treeSize: result.receipt.treeSize });
      if (k % 10 === 0) {
        const cp = await client.checkpoint();
        if (cp.ok) see(cp.value);
      }
    }
    throw new Error('the load outlived its bound');
  }

  /** The checkpoint a client saw last: from a receipt or from `checkpoint()`; all are checked after the restart. */
  function see(cp: Seen): void {
    if (lastSeen === undefined || cp.treeSize > lastSeen.treeSize) lastSeen = cp;
  }
});

async function checkpointOf(client: WritClient): Promise<SignedCheckpoint> {
  const cp = await client.checkpoint();
  if (!cp.ok) throw new Error(JSON.stringify(cp.problems));
  return cp.value;
}

/** Reads the whole log from the SQLite file (read-only, beside the running service). */
async function verifyStoreFile(path: string, checkpoint: SignedCheckpoint): Promise<{ brokenChains: string[]; rootMatches: boolean }> {
  const store = new SqliteEventStore(path, { readonly: true });
  try {
    const streams = new Map<string, Envelope[]>();
    const tree = new MerkleTree();
    for (let position = 0; ; ) {
      const page = await store.readAll(position, 4096);
      for (const stored of page) {
        if (tree.size < checkpoint.treeSize) tree.append(hexToBytes(stored.hash));
        const envelope = parseEnvelope(stored.data);
        if (!envelope.ok || envelope.value.hash !== stored.hash) throw new Error(`position ${stored.position}: bad envelope`);
        const stream = streams.get(stored.stream) ?? [];
        stream.push(envelope.value);
        streams.set(stored.stream, stream);
      }
      position += page.length;
      if (page.length < 4096) break;
    }
    const brokenChains = [...streams].filter(([name, envelopes]) => checkChain(name, envelopes) !== undefined).map(([name]) => name);
    return { brokenChains, rootMatches: tree.size === checkpoint.treeSize && bytesToHex(tree.root()) === checkpoint.rootHash };
  } finally {
    await store.close();
  }
}
