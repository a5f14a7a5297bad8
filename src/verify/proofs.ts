// Proofs from a store (`writ prove`) and checks of proofs made elsewhere
// (`writ verify-proof`). Hashes are lowercase hex, as the service serves them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { err, problem, type Result } from '../errors/problem';
import { leafIndex, treeSize } from '../integrity/brands';
import { bytesToHex, hexToBytes } from '../integrity/bytes';
import { noteVerifierKey, openCheckpoint, signCheckpoint } from '../integrity/checkpoint';
import { keyPairFromSeed, sign } from '../integrity/ed25519';
import { nodeVerifier } from '../integrity/ed25519/node-verifier';
import { leafHash, MerkleTree, MemoryNodeStore, verifyConsistency, verifyInclusion } from '../integrity/merkle';
import { parseKeyFile } from '../sdk/key-file';
import type { Receipt } from '../sdk/receipt';
import { verifyReceipt } from '../sdk/verify/verify-receipt';
import type { TrustedKey } from './trusted-key';
import { RootWindow } from './root-window';
import { InputError, StoreReader, storePath } from './sources';
import { originOf } from './trusted-checkpoint';

/** The recorded checkpoint a proof was made for: `verify-proof` checks the proof against it. */
export interface ProvenAgainst {
  /** The global position of its `checkpoint.recorded` event. */
  readonly position: number;
  readonly treeSize: number;
  /** The signed note, as `writ checkpoint` prints it. */
  readonly note: string;
}

export interface InclusionProofJson {
  readonly kind: 'inclusion';
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly envelopeHash: string;
  readonly rootHash: string;
  readonly proof: readonly string[];
  /** Present when the size was not given: the latest checkpoint the log recorded. */
  readonly checkpoint?: ProvenAgainst;
}

export interface ConsistencyProofJson {
  readonly kind: 'consistency';
  readonly fromSize: number;
  readonly toSize: number;
  readonly fromRoot: string;
  readonly toRoot: string;
  readonly proof: readonly string[];
  /** Present when the larger size was not given: the latest checkpoint the log recorded. */
  readonly checkpoint?: ProvenAgainst;
}

/** A tree over the first `size` stored envelope hashes (node hashes kept: 64 bytes a leaf). */
function treeOf(reader: StoreReader, size: number): { tree: MerkleTree } {
  const logSize = reader.size();
  if (!Number.isSafeInteger(size) || size < 1 || size > logSize) throw new InputError(`the log has ${logSize} events; no tree of size ${size}`);
  const tree = new MerkleTree(new MemoryNodeStore());
  let i = 0;
  for (const hash of reader.hashes(size)) {
    tree.append(hexToBytes(hash));
    i++;
  }
  if (i !== size) throw new InputError(`the store has gaps before position ${size}: run writ verify`);
  return { tree };
}

/**
 * Without an explicit size a proof is made for the latest checkpoint the log recorded,
 * the one `writ checkpoint` prints, so that `verify-proof` agrees with it; the head of
 * the log has no signed checkpoint yet.
 */
function recordedTarget(reader: StoreReader, needed: number, what: string): ProvenAgainst {
  const cp = reader.latestCheckpoint();
  if (cp === undefined) throw new InputError('the log has recorded no checkpoint yet: pass the tree size (writ checkpoint --sign signs one of the whole log)');
  const { treeSize: size, note } = checkpointBody(cp.text);
  if (size < needed) {
    throw new InputError(`${what} is not covered by the latest recorded checkpoint (tree size ${size}, at position ${cp.position}): wait for the next one, or pass the tree size (writ checkpoint --sign signs one of the whole log)`);
  }
  return { position: cp.position, treeSize: size, note };
}

export function proveInclusion(store: string, leaf: number, size: number | undefined): InclusionProofJson {
  const reader = new StoreReader(store);
  try {
    if (!Number.isSafeInteger(leaf) || leaf < 0) throw new InputError('--leaf must be a position (>= 0)');
    const against = size === undefined ? recordedTarget(reader, leaf + 1, `leaf ${leaf}`) : undefined;
    const treeSize_ = size ?? against!.treeSize;
    if (leaf >= treeSize_) throw new InputError(`--leaf must lie in [0, ${treeSize_})`);
    const { tree } = treeOf(reader, treeSize_);
    const proof = tree.inclusionProof(leafIndex(leaf), treeSize(treeSize_));
    const root = tree.rootAt(treeSize(treeSize_));
    if (!proof.ok || !root.ok) throw new InputError('no proof for these sizes');
    const envelopeHash = [...reader.hashes(leaf + 1)].at(-1)!;
    const json: InclusionProofJson = { kind: 'inclusion', leafIndex: leaf, treeSize: treeSize_, envelopeHash, rootHash: bytesToHex(root.value), proof: proof.value.map(bytesToHex) };
    return against === undefined ? json : { ...json, checkpoint: against };
  } finally {
    reader.close();
  }
}

export function proveConsistency(store: string, from: number, to: number | undefined): ConsistencyProofJson {
  const reader = new StoreReader(store);
  try {
    const against = to === undefined ? recordedTarget(reader, from, `a tree of size ${from}`) : undefined;
    const toSize = to ?? against!.treeSize;
    const { tree } = treeOf(reader, toSize);
    const proof = tree.consistencyProof(treeSize(from), treeSize(toSize));
    if (!proof.ok) throw new InputError(proof.problems[0].message);
    const fromRoot = tree.rootAt(treeSize(from));
    const toRoot = tree.rootAt(treeSize(toSize));
    if (!fromRoot.ok || !toRoot.ok) throw new InputError('no roots for these sizes');
    const json: ConsistencyProofJson = { kind: 'consistency', fromSize: from, toSize, fromRoot: bytesToHex(fromRoot.value), toRoot: bytesToHex(toRoot.value), proof: proof.value.map(bytesToHex) };
    return against === undefined ? json : { ...json, checkpoint: against };
  } finally {
    reader.close();
  }
}

export interface LatestCheckpoint {
  readonly position: number | null;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly note: string;
  /** True when this command signed it now (--sign). */
  readonly signed: boolean;
}

const checkpointBody = (envelopeText: string) =>
  (JSON.parse(envelopeText) as { statement: { body: { treeSize: number; rootHash: string; note: string } } }).statement.body;

/** The latest checkpoint recorded in the log. */
export function latestCheckpoint(store: string): LatestCheckpoint | undefined {
  const reader = new StoreReader(store);
  try {
    const cp = reader.latestCheckpoint();
    if (cp === undefined) return undefined;
    const body = checkpointBody(cp.text);
    return { position: cp.position, treeSize: body.treeSize, rootHash: body.rootHash, note: body.note, signed: false };
  } finally {
    reader.close();
  }
}

/** Signs a checkpoint of the whole stored log with the data directory's ledger key. */
export function signLatest(store: string, originHost: string): LatestCheckpoint {
  const reader = new StoreReader(store);
  try {
    const keyFile = join(storePath(store), '..', 'keys', 'ledger.key.json');
    let keyText: string;
    try {
      keyText = readFileSync(keyFile, 'utf8');
    } catch {
      throw new InputError(`no ledger key at ${keyFile}: --sign needs the data directory`);
    }
    const key = parseKeyFile(keyText);
    if (!key.ok) throw new InputError(`${keyFile}: ${key.problems[0].message}`);
    const recorded = reader.latestCheckpoint();
    const ledgerId = (JSON.parse(reader.first() ?? '{"statement":{}}') as { statement: { ledgerId?: string } }).statement.ledgerId;
    const origin = (recorded && originOf((JSON.parse(recorded.text) as { statement: { body: { note: string } } }).statement.body.note)) ?? `${originHost}/${ledgerId}`;
    const roots = new RootWindow();
    let size = 0;
    for (const hash of reader.hashes()) {
      roots.append(hexToBytes(hash));
      size++;
    }
    const rootHash = roots.root();
    // Signed here with the integrity core's own Ed25519 (one signature per command): the
    // offline tools take nothing from the service's application code.
    const seed = key.value.seed;
    const signer = { name: origin, publicKey: keyPairFromSeed(seed).publicKey, sign: (m: Uint8Array) => sign(seed, m) };
    const note = signCheckpoint({ origin, size: treeSize(size), rootHash }, signer);
    if (!note.ok) throw new InputError(note.problems[0].message);
    return { position: null, treeSize: size, rootHash: bytesToHex(rootHash), note: note.value, signed: true };
  } finally {
    reader.close();
  }
}

export interface ProofCheck {
  readonly ok: boolean;
  readonly checks: readonly { readonly what: string; readonly ok: boolean; readonly detail: string }[];
}

/**
 * Checks a receipt (needs the ledger key) and/or a proof file from `writ prove`. A
 * proof's roots are bound to the ledger only through a signed checkpoint (`checkpoint`,
 * else the recorded one the proof names) verified with the key: its size and root must
 * be the proof's. The named checkpoint is attacker-controlled input like the rest of the
 * file; only its signature under the trusted key makes it count.
 */
export function checkProofs(input: { receipt?: unknown; proof?: unknown; checkpoint?: string; key?: TrustedKey }): ProofCheck {
  const checks: { what: string; ok: boolean; detail: string }[] = [];
  if (input.receipt !== undefined) {
    if (input.key === undefined) throw new InputError('--receipt needs --key: a receipt is only as good as the checkpoint signature');
    const receipt = input.receipt as Receipt;
    const origin = input.key.origin ?? originOf(receipt.checkpoint);
    const vkey = origin === undefined ? undefined : noteVerifierKey(origin, input.key.publicKey);
    const result = vkey?.ok ? verifyReceipt(receipt, [vkey.value], { origin: origin! }) : err(problem('receipt.malformed', 'the receipt names no checkpoint origin'));
    checks.push({ what: 'receipt', ok: result.ok, detail: result.ok ? `leaf ${receipt.leafIndex} is in the signed tree of size ${receipt.treeSize}` : describe(result) });
  }
  if (input.proof !== undefined) checks.push(checkProofFile(input.proof, input.checkpoint, input.key));
  if (checks.length === 0) throw new InputError('give --receipt and/or --proof');
  return { ok: checks.every((c) => c.ok), checks };
}

function checkProofFile(proof: unknown, checkpoint: string | undefined, key: TrustedKey | undefined): { what: string; ok: boolean; detail: string } {
  type Loose = { [K in keyof InclusionProofJson | keyof ConsistencyProofJson]?: K extends 'kind' ? string : K extends keyof InclusionProofJson ? InclusionProofJson[K] : K extends keyof ConsistencyProofJson ? ConsistencyProofJson[K] : never };
  const p = (proof ?? {}) as Loose;
  const hexes = (list: unknown) => (Array.isArray(list) ? list.map((h) => hexToBytesOr(h)) : []);
  let result: Result<unknown>;
  let size: number | undefined;
  let root: string | undefined;
  if (p.kind === 'inclusion') {
    const leaf = leafHash(hexToBytesOr(p.envelopeHash));
    result = verifyInclusion(leafIndex(p.leafIndex ?? -1), treeSize(p.treeSize ?? -1), leaf, hexes(p.proof), hexToBytesOr(p.rootHash));
    [size, root] = [p.treeSize, p.rootHash];
  } else if (p.kind === 'consistency') {
    result = verifyConsistency(treeSize(p.fromSize ?? -1), treeSize(p.toSize ?? -1), hexToBytesOr(p.fromRoot), hexToBytesOr(p.toRoot), hexes(p.proof));
    [size, root] = [p.toSize, p.toRoot];
  } else {
    throw new InputError('the proof file is neither an inclusion nor a consistency proof from writ prove');
  }
  const what = `${p.kind} proof`;
  if (!result.ok) return { what, ok: false, detail: describe(result) };
  // A checkpoint given on the command line wins over the one the proof names.
  const note = checkpoint ?? namedCheckpoint(proof);
  if (note === undefined || key === undefined) {
    return { what, ok: true, detail: `the proof holds for the roots it names; pass ${note === undefined ? '--checkpoint and ' : ''}--key to bind them to the ledger` };
  }
  const origin = key.origin ?? originOf(note);
  const vkey = origin === undefined ? undefined : noteVerifierKey(origin, key.publicKey);
  const opened = vkey?.ok ? openCheckpoint(note, [vkey.value], { expectedOrigin: origin!, verifier: nodeVerifier }) : undefined;
  if (opened === undefined || !opened.ok) return { what, ok: false, detail: `the checkpoint does not verify under the key${opened && !opened.ok ? `: ${opened.problems[0].message}` : ''}` };
  const cp = opened.value.checkpoint;
  if (cp.size !== size) return { what, ok: false, detail: `the signed checkpoint is of size ${cp.size}, the proof of size ${size}: prove for that size (writ prove ${p.kind} ... ${p.kind === 'inclusion' ? '--size' : '--to'} ${cp.size})` };
  const same = bytesToHex(cp.rootHash) === root;
  return { what, ok: same, detail: same ? `holds for the signed tree of size ${cp.size}` : `the signed checkpoint of size ${cp.size} has another root` };
}

/** The signed note of the recorded checkpoint a proof from `writ prove` names, if any. */
function namedCheckpoint(proof: unknown): string | undefined {
  const note = (proof as { checkpoint?: { note?: unknown } } | null)?.checkpoint?.note;
  return typeof note === 'string' ? note : undefined;
}

function hexToBytesOr(value: unknown): Uint8Array {
  return typeof value === 'string' && /^[0-9a-f]*$/.test(value) && value.length % 2 === 0 ? hexToBytes(value) : new Uint8Array(0);
}

const describe = (r: Result<unknown>) => (r.ok ? 'ok' : `${r.problems[0].code}: ${r.problems[0].message}`);

