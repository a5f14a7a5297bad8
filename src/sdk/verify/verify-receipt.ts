// Offline receipt checking (DESIGN: receipts are proofs). With the ledger's public key
// alone: the receipt's checkpoint is signed by the ledger, and the inclusion proof puts
// the envelope hash at the leaf index of the tree that checkpoint commits to. Given the
// envelope too, it is shown to be the one the receipt names (see verify-envelope.ts).
import { ok, problem, type Result } from '../../errors/problem';
import { leafIndex as asLeafIndex, treeSize as asTreeSize } from '../../integrity/brands';
import { hexToBytes } from '../../integrity/bytes';
import type { Envelope } from '../../integrity/envelope';
import { leafHash, verifyInclusion } from '../../integrity/merkle';
import type { PublicKeyInput } from '../key-input';
import type { Receipt } from '../receipt';
import { trustedKeys, type LedgerKeys } from './ledger-keys';
import { renamed, under } from './paths';
import { receiptProblems } from './receipt-shape';
import { refuse } from './refuse';
import { checkEnvelope } from './verify-envelope';
import { verifyCheckpoint, type VerifiedCheckpoint } from './verify-checkpoint';

export interface VerifyReceiptOptions {
  /** The envelope the receipt is for (canonical JSON text as stored, or parsed). */
  readonly envelope?: string | object;
  /** With `envelope`: the actor's public key (base64url, bytes, or the actor's keys) its statement must verify under. */
  readonly actorKey?: PublicKeyInput;
  /** The log the caller expects, `<host>/<ledgerId>`. */
  readonly origin?: string;
}

export interface VerifiedReceipt {
  readonly envelopeHash: string;
  readonly leafIndex: number;
  readonly checkpoint: VerifiedCheckpoint;
  /** Present when an envelope was given and checked. */
  readonly envelope?: Envelope;
}

/** Every field of `receipt` (and of `options.envelope`) is attacker-controlled. */
export function verifyReceipt(receipt: Receipt, ledgerKeys: LedgerKeys, options: VerifyReceiptOptions = {}): Result<VerifiedReceipt> {
  const keys = trustedKeys(ledgerKeys);
  if (!keys.ok) return keys;
  const shape = receiptProblems(receipt);
  if (shape.length > 0) return refuse(shape);
  const checkpoint = verifyCheckpoint(receipt.checkpoint, keys.value, options.origin === undefined ? {} : { origin: options.origin });
  if (!checkpoint.ok) return refuse(under('checkpoint', checkpoint.problems));
  const included = checkInclusion(receipt, checkpoint.value);
  if (!included.ok) return included;
  const verified = { envelopeHash: receipt.envelopeHash, leafIndex: receipt.leafIndex, checkpoint: checkpoint.value };
  if (options.envelope === undefined) return ok(verified);
  const envelope = checkEnvelope(receipt, options.envelope, options.actorKey);
  return envelope.ok ? ok({ ...verified, envelope: envelope.value }) : envelope;
}

/** Proof element paths are named as the receipt names them. */
const PROOF_PATHS = { proof: 'inclusionProof', leafHash: 'envelopeHash', root: 'checkpoint' };

function checkInclusion(receipt: Receipt, checkpoint: VerifiedCheckpoint): Result<true> {
  // verifyInclusion trusts the size it is given to belong with the root: take both from
  // the signed checkpoint, and refuse a receipt that claims another size.
  if (checkpoint.treeSize !== receipt.treeSize) {
    const message = `the receipt's tree size ${receipt.treeSize} is not its checkpoint's ${checkpoint.treeSize}`;
    return refuse([problem('receipt.mismatch', message, 'treeSize', { checkpointTreeSize: checkpoint.treeSize })]);
  }
  const result = verifyInclusion(
    asLeafIndex(receipt.leafIndex),
    asTreeSize(checkpoint.treeSize),
    leafHash(hexToBytes(receipt.envelopeHash)),
    receipt.inclusionProof.map((hash) => hexToBytes(hash)),
    checkpoint.rootHashBytes,
  );
  return result.ok ? result : refuse(renamed(PROOF_PATHS, result.problems));
}
