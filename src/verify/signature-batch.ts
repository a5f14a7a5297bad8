// Batches of actor signatures in one flat, transferable form, and their verification:
// the same code runs in worker threads and, when the workers are busy, on the main
// thread. Messages are written straight into the batch's buffer (the signing prefix,
// then the statement's UTF-8 bytes) and signatures decoded straight into it, so a
// statement's text is encoded once and nothing per job is allocated.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { fromBase64Url, toBase64Url } from '../integrity/bytes';
import { nobleVerifier } from '../integrity/ed25519/noble-verifier';
import { checkPublicKey } from '../integrity/ed25519/public-key';
import { hasIdentityR, hasSignatureShape, PUBLIC_KEY_LENGTH } from '../integrity/ed25519/signature-shape';
import type { NativeEd25519 } from '../integrity/ed25519/sodium-native';
import { STATEMENT_SIGNING_PREFIX } from '../integrity/statement';

export interface SignatureFailure {
  readonly position: number;
  /** `old_key`: verifies only under a key the actor had rotated out by then. */
  readonly verdict: 'bad' | 'old_key';
}

/** What crosses to a worker: flat arrays, their buffers transferred rather than copied. */
export interface PackedBatch {
  readonly count: number;
  readonly positions: Float64Array;
  /** Per job, the id of its key (see KeyObjects). */
  readonly keyIds: Uint32Array;
  /** Keys the receiving thread has not been sent before. */
  readonly newKeys: readonly { readonly id: number; readonly bytes: Uint8Array }[];
  /** 64 bytes per job; sigOk[i] = 0 when the text was not 64 bytes of strict base64url. */
  readonly sigs: Uint8Array;
  readonly sigOk: Uint8Array;
  readonly messages: Uint8Array;
  readonly offsets: Uint32Array;
  /** Per job, ids of keys the actor had rotated out (only when some job has any). */
  readonly past: readonly (readonly number[] | undefined)[] | undefined;
}

export const SIGNING_PREFIX = Buffer.from(STATEMENT_SIGNING_PREFIX, 'utf8');

/** Exactly the texts strict base64url decodes to 64 bytes: 86 characters, the last with 4 zero low bits. */
const SIGNATURE_TEXT = /^[A-Za-z0-9_-]{85}[AQgw]$/;

/**
 * Writes the decoded signature at `at`; false when it is not 64 bytes of strict base64url
 * (the verdict is then `bad`, as for the strict decoder).
 */
export function writeSignature(text: string, into: Buffer, at: number): boolean {
  if (SIGNATURE_TEXT.test(text)) return into.write(text, at, 64, 'base64url') === 64;
  // Never 64 bytes (the pattern is exactly those texts); kept so the verdict rests on the strict decoder.
  const bytes = fromBase64Url(text);
  if (bytes === undefined || bytes.length !== 64) return false;
  into.set(bytes, at);
  return true;
}

/** Writes the signing message of a canonical statement text at `at`; returns its length. */
export function writeMessage(statementText: string, into: Buffer, at: number): number {
  SIGNING_PREFIX.copy(into, at);
  return SIGNING_PREFIX.length + into.write(statementText, at + SIGNING_PREFIX.length, 'utf8');
}

/** Upper bound of a message's length in bytes (UTF-8 needs at most 3 per UTF-16 unit). */
export const messageBound = (statementText: string): number => SIGNING_PREFIX.length + statementText.length * 3;

/** KeyObjects kept per thread: about 1.4 KB of native memory each, so a bound matters (a ledger may hold 10^5 agents). */
export const KEY_OBJECT_LIMIT = 8192;

/**
 * Keys by id, per thread: the bytes (32 per id) for every id sent, which is all libsodium
 * needs; Node KeyObjects, made on first use (with libsodium loaded, only when it refused
 * a signature), for the latest `limit` ids used: making one again costs about 7 µs,
 * holding one for every key of a long log costs tens of MiB per thread.
 */
export class KeyObjects {
  private bytes = new Uint8Array(PUBLIC_KEY_LENGTH * 1024);
  private sent = new Uint8Array(1024);
  private readonly byId = new Map<number, KeyObject>();

  constructor(private readonly limit = KEY_OBJECT_LIMIT) {}

  learn(keys: PackedBatch['newKeys']): void {
    for (const k of keys) {
      if (k.id >= this.sent.length) this.grow(k.id);
      this.bytes.set(k.bytes, k.id * PUBLIC_KEY_LENGTH);
      this.sent[k.id] = 1;
    }
  }

  /** The key's bytes (a view: valid until the next learn). */
  bytesOf(id: number): Uint8Array {
    if (!(id < this.sent.length && this.sent[id] === 1)) throw new Error(`signature batch names key ${id}, which was never sent`);
    return this.bytes.subarray(id * PUBLIC_KEY_LENGTH, (id + 1) * PUBLIC_KEY_LENGTH);
  }

  get(id: number): KeyObject {
    const cached = this.byId.get(id);
    if (cached !== undefined) return cached;
    const x = toBase64Url(this.bytesOf(id));
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    // Oldest first out: a Map iterates in insertion order.
    if (this.byId.size >= this.limit) this.byId.delete(this.byId.keys().next().value!);
    this.byId.set(id, key);
    return key;
  }

  /** KeyObjects held now (tests). */
  get held(): number {
    return this.byId.size;
  }

  private grow(id: number): void {
    const slots = Math.max(id + 1, this.sent.length * 2);
    const bytes = new Uint8Array(slots * PUBLIC_KEY_LENGTH);
    bytes.set(this.bytes);
    const sent = new Uint8Array(slots);
    sent.set(this.sent);
    this.bytes = bytes;
    this.sent = sent;
  }
}

/**
 * Per job the same checks as the Node verifier: the byte-level shape (length, S < L),
 * then the signature, confirmed by libsodium where it loaded and otherwise judged by
 * OpenSSL (acceleratedVerifier's rule, sodium-native.ts). Every key was checked against
 * Writ's key policy on the main thread when it was registered.
 */
export function verifyBatch(b: PackedBatch, keys: KeyObjects, native: NativeEd25519 | undefined): SignatureFailure[] {
  keys.learn(b.newKeys);
  const failures: SignatureFailure[] = [];
  for (let i = 0; i < b.count; i++) {
    const v = verdict(b, keys, i, native);
    if (v !== 'ok') failures.push({ position: b.positions[i]!, verdict: v });
  }
  return failures;
}

function verdict(b: PackedBatch, keys: KeyObjects, i: number, native: NativeEd25519 | undefined): 'ok' | SignatureFailure['verdict'] {
  if (b.sigOk[i] !== 1) return 'bad';
  const sig = b.sigs.subarray(i * 64, i * 64 + 64);
  if (!hasSignatureShape(sig)) return 'bad';
  const message = b.messages.subarray(b.offsets[i]!, b.offsets[i + 1]!);
  if (verifies(keys, b.keyIds[i]!, message, sig, native)) return 'ok';
  return b.past?.[i]?.some((id) => verifies(keys, id, message, sig, native)) ? 'old_key' : 'bad';
}

function verifies(keys: KeyObjects, id: number, message: Uint8Array, sig: Uint8Array, native: NativeEd25519 | undefined): boolean {
  if (hasIdentityR(sig)) return portableVerdict(keys.bytesOf(id), message, sig);
  return native?.accepts(sig, message, keys.bytesOf(id)) === true || verify(null, message, keys.get(id), sig);
}

/**
 * The policy's own verdict (noble), for the signatures OpenSSL judges differently by
 * version (hasIdentityR). The key passed the policy when the main thread registered it;
 * checking it again here costs one key check for a signature almost never seen.
 */
function portableVerdict(keyBytes: Uint8Array, message: Uint8Array, sig: Uint8Array): boolean {
  const key = checkPublicKey(keyBytes);
  return key.ok && nobleVerifier.verify(key.value, message, sig);
}
