// Batches of statement signatures in one flat form that crosses to a worker thread in
// one message: the same batch is verified on a worker or, when none can take it, on
// the main thread (verify-batch.ts). Messages are written straight into the batch's
// buffer (the signing prefix, then the statement's UTF-8 bytes) and signatures decoded
// straight into it, so a statement's text is encoded once and nothing per job is
// allocated.
//
// Writ's policy on the bytes is applied here, on the main thread, before anything is
// sent: strict base64url of exactly 64 bytes, S < L, a key that came out of
// checkPublicKey. A job that fails it is refused by `add` and never reaches a worker,
// so no worker's answer can turn it into a yes; only the Ed25519 equation is handed out.
import { fromBase64Url } from '../bytes';
import type { PublicKey } from '../ed25519/public-key';
import { hasSignatureShape, SIGNATURE_LENGTH } from '../ed25519/signature-shape';
import { STATEMENT_SIGNING_PREFIX } from '../statement';
import type { KeyRegistry, SentKey } from './keys';

export interface SignatureJob {
  /** The caller's number for the job (the verifier: the log position), echoed in failures. */
  readonly position: number;
  readonly key: PublicKey;
  /** The statement's canonical text; the message is the signing prefix and its UTF-8 bytes. */
  readonly statementText: string;
  /** The signature as recorded (base64url text, attacker-controlled). */
  readonly signature: string;
  /** Keys the actor held before (rotated out): a match says why the signature fails. */
  readonly pastKeys?: readonly PublicKey[];
}

export interface SignatureFailure {
  readonly position: number;
  /** `old_key`: verifies only under a key the actor had rotated out by then. */
  readonly verdict: 'bad' | 'old_key';
}

/** What crosses to a worker: flat arrays (structured clone copies them, one memcpy each). */
export interface PackedBatch {
  readonly count: number;
  readonly positions: Float64Array;
  /** Per job, the id of its key (KeyRegistry). */
  readonly keyIds: Uint32Array;
  /** Keys the receiving thread has not been sent before (none for the main thread, which knows them all). */
  readonly newKeys: readonly SentKey[];
  /** 64 bytes per job, each of the policy's shape. */
  readonly sigs: Uint8Array;
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
  if (SIGNATURE_TEXT.test(text)) return into.write(text, at, SIGNATURE_LENGTH, 'base64url') === SIGNATURE_LENGTH;
  // Never 64 bytes (the pattern is exactly those texts); kept so the verdict rests on the strict decoder.
  const bytes = fromBase64Url(text);
  if (bytes === undefined || bytes.length !== SIGNATURE_LENGTH) return false;
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

/** Jobs per batch at most: one message's worth of work (512 verifies: 25-50 ms). */
export const BATCH_CAPACITY = 512;

/** A batch being filled on the main thread; its buffers serve one batch after another. */
export class BatchBuilder {
  count = 0;
  private readonly positions = new Float64Array(BATCH_CAPACITY);
  private readonly keyIds = new Uint32Array(BATCH_CAPACITY);
  /** Ids of the keys this batch names (its own keys and past keys). */
  private readonly keys = new Set<number>();
  private readonly sigs = Buffer.alloc(BATCH_CAPACITY * SIGNATURE_LENGTH);
  private readonly offsets = new Uint32Array(BATCH_CAPACITY + 1);
  private messages = Buffer.allocUnsafe(BATCH_CAPACITY * 1024);
  private past: (number[] | undefined)[] | undefined;

  constructor(private readonly registry: KeyRegistry) {}

  get full(): boolean {
    return this.count >= BATCH_CAPACITY;
  }

  /**
   * Adds a job that passes the policy's byte-level checks; false (and nothing added) for
   * one that does not: its verdict is `bad` whatever its key, current or past.
   */
  add(job: SignatureJob): boolean {
    const i = this.count;
    if (i >= BATCH_CAPACITY) throw new Error('signature batch is full');
    const keyId = this.registry.idOf(job.key);
    if (keyId === undefined || !writeSignature(job.signature, this.sigs, i * SIGNATURE_LENGTH)) return false;
    if (!hasSignatureShape(this.sigs.subarray(i * SIGNATURE_LENGTH, (i + 1) * SIGNATURE_LENGTH))) return false;
    this.count++;
    this.positions[i] = job.position;
    this.keyIds[i] = keyId;
    this.keys.add(keyId);
    const at = this.offsets[i]!;
    const needed = at + messageBound(job.statementText);
    if (this.messages.length < needed) this.grow(at, needed);
    this.offsets[i + 1] = at + writeMessage(job.statementText, this.messages, at);
    if (job.pastKeys !== undefined) {
      const ids: number[] = [];
      for (const k of job.pastKeys) {
        const id = this.registry.idOf(k);
        if (id !== undefined) {
          ids.push(id);
          this.keys.add(id);
        }
      }
      this.past ??= [];
      this.past[i] = ids;
    }
    return true;
  }

  /** Empties the builder for another batch, keeping its buffers. */
  clear(): void {
    this.count = 0;
    this.keys.clear();
    this.past = undefined;
  }

  /**
   * The batch as views of the builder's buffers (valid until the next add or clear), for
   * the main thread, which knows every key.
   */
  view(): PackedBatch {
    const n = this.count;
    return {
      count: n,
      positions: this.positions.subarray(0, n),
      keyIds: this.keyIds.subarray(0, n),
      newKeys: [],
      sigs: this.sigs.subarray(0, n * SIGNATURE_LENGTH),
      messages: this.messages.subarray(0, this.offsets[n]),
      offsets: this.offsets.subarray(0, n + 1),
      past: this.past,
    };
  }

  /**
   * The batch as copies of exactly its bytes, with the keys `known` (ids the receiving
   * worker was sent) does not hold yet, which are added to it. The copy outlives the
   * builder's next batch: the pool keeps it until a worker answers, so that the main
   * thread can check it if the worker dies.
   */
  copyFor(known: Set<number>): PackedBatch {
    const newKeys: SentKey[] = [];
    for (const id of this.keys) {
      if (!known.has(id)) {
        known.add(id);
        newKeys.push({ id, bytes: this.registry.objects.bytesOf(id).slice() });
      }
    }
    const v = this.view();
    // new Uint8Array(view) copies; a Buffer's slice() would not.
    return {
      ...v,
      positions: v.positions.slice(),
      keyIds: v.keyIds.slice(),
      newKeys,
      sigs: new Uint8Array(v.sigs),
      messages: new Uint8Array(v.messages),
      offsets: v.offsets.slice(),
    };
  }

  /** Room for `needed` bytes, keeping the `used` bytes written so far. */
  private grow(used: number, needed: number): void {
    const next = Buffer.allocUnsafe(Math.max(needed, this.messages.length * 2));
    this.messages.copy(next, 0, 0, used);
    this.messages = next;
  }
}
