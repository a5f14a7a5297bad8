// A small ledger built with the real integrity modules, as the service builds one:
// signed statements sealed into chained envelopes, their hashes as leaves of an RFC 9162
// tree, and receipts whose checkpoint the ledger key signs. Verification tests check
// the SDK against these, not against hand-written data.
import { treeSize as asTreeSize, leafIndex as asLeafIndex, streamRevision } from '../../../src/integrity/brands';
import { bytesToHex, hexToBytes } from '../../../src/integrity/bytes';
import { formatVerifierKey, signCheckpoint, type NoteSigner } from '../../../src/integrity/checkpoint';
import { encodeEnvelope, GENESIS_PREV_HASH, sealEnvelope, type Envelope } from '../../../src/integrity/envelope';
import { MerkleTree } from '../../../src/integrity/merkle';
import { parseStatement } from '../../../src/integrity/statement';
import { keysFromSeed, sign, statements, type Receipt, type WritKeys } from '../../../src/sdk';

export const LEDGER_ID = 'ledger-1';
export const ORIGIN = `writ.local/${LEDGER_ID}`;

export const seedOf = (n: number): Uint8Array => new Uint8Array(32).fill(n);

export interface Fixture {
  readonly ledgerKey: string;
  readonly signer: NoteSigner;
  readonly actor: WritKeys;
  readonly envelopes: Envelope[];
  readonly tree: MerkleTree;
  /** The receipt of envelope i against the checkpoint of the whole tree. */
  receipt(i: number): Receipt;
  /** A signed checkpoint of the first `size` leaves. */
  checkpointAt(size: number, signer?: NoteSigner): string;
}

export function verifierKeyOf(signer: NoteSigner): string {
  const text = formatVerifierKey(signer.name, keysFromSeed(signer.seed).publicKey);
  if (!text.ok) throw new Error('bad test key');
  return text.value;
}

/** `count` envelopes, all in one agent stream, signed by one actor. */
export function buildFixture(count: number, signer: NoteSigner = { name: ORIGIN, seed: seedOf(7) }): Fixture {
  const actor = keysFromSeed(seedOf(9));
  const envelopes = chain(count, actor);
  const tree = MerkleTree.fromLeafHashes([]);
  for (const e of envelopes) tree.append(hexToBytes(e.hash));
  const checkpointAt = (size: number, by: NoteSigner = signer) => signedCheckpoint(tree, size, by);
  const receipt = (i: number): Receipt => ({
    envelopeHash: envelopes[i]!.hash,
    leafIndex: i,
    stream: envelopes[i]!.stream,
    revision: envelopes[i]!.revision,
    type: envelopes[i]!.type,
    ...(envelopes[i]!.result === undefined ? {} : { result: envelopes[i]!.result }),
    checkpoint: checkpointAt(count),
    treeSize: count,
    inclusionProof: unwrap(tree.inclusionProof(asLeafIndex(i), asTreeSize(count))).map(bytesToHex),
  });
  return { ledgerKey: verifierKeyOf(signer), signer, actor, envelopes, tree, receipt, checkpointAt };
}

export function signedCheckpoint(tree: MerkleTree, size: number, signer: NoteSigner): string {
  const root = unwrap(tree.rootAt(asTreeSize(size)));
  // Writ names the note key by the origin, so the signer's name is the log's origin.
  return unwrap(signCheckpoint({ origin: signer.name, size: asTreeSize(size), rootHash: root }, signer));
}

function chain(count: number, actor: WritKeys): Envelope[] {
  const envelopes: Envelope[] = [];
  for (let i = 0; i < count; i++) {
    const statement = statements.reviewAgent(
      { agentId: 'agent-1', reason: `review ${i}` },
      { ledgerId: LEDGER_ID, actor: 'human-1', nonce: `nonce-0000-${i}`, issuedAt: '2026-11-24T10:00:00.000Z' },
    );
    const signed = sign(statement, actor);
    const parsed = unwrap(parseStatement(signed.statement, LEDGER_ID));
    envelopes.push(
      sealEnvelope({
        v: 1,
        stream: 'agent-agent-1',
        revision: streamRevision(i),
        prevHash: envelopes[i - 1]?.hash ?? GENESIS_PREV_HASH,
        recordedAt: '2026-11-24T10:00:01.000Z',
        type: 'agent.reviewed',
        statement: parsed.statement,
        signature: signed.signature,
        ...(i % 2 === 1 ? { result: { note: `derived ${i}` } } : {}),
      }),
    );
  }
  return envelopes;
}

export const envelopeText = (e: Envelope): string => encodeEnvelope(e);

export function unwrap<T>(r: { ok: true; value: T } | { ok: false; problems: readonly unknown[] }): T {
  if (!r.ok) throw new Error(`unexpected refusal: ${JSON.stringify(r.problems)}`);
  return r.value;
}
