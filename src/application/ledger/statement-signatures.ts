// Checking actors' statement signatures, on the calling thread or on worker threads.
// Both paths give nodeVerifier's verdict (docs/ed25519-policy.md): the main thread
// applies the byte-level policy (strict base64url, 64 bytes, S < L, a key that passed
// checkPublicKey) and only the Ed25519 equation is handed to a worker, which runs the
// same `crypto.verify` nodeVerifier does.
import { availableParallelism } from 'node:os';
import { toBase64Url, fromBase64Url } from '../../integrity/bytes';
import type { PublicKey } from '../../integrity/ed25519';
import { nodeVerifier } from '../../integrity/ed25519/node-verifier';
import { checkedKeyOf } from '../../integrity/ed25519/public-key';
import { hasSignatureShape } from '../../integrity/ed25519/signature-shape';
import { signingMessage } from '../../integrity/statement';
import { SignaturePool, type PoolOptions } from './signature-pool';

export type Verdict = (verified: boolean) => void;

export interface StatementSignatures {
  /**
   * Checks `signature` over the canonical statement `text` under `key` and calls `done`
   * with the verdict: before returning when checked on this thread, later otherwise
   * (not necessarily in the order asked: the runtime keeps submission order itself).
   * `alone`: the caller knows of no other work in progress (the committer is idle), so
   * a worker's round trip would only add latency.
   */
  check(key: PublicKey, text: string, signature: string, done: Verdict, alone?: boolean): void;
  /** Checks asked for and not yet answered (a worker pool's queue; 0 when checked inline). */
  readonly depth?: number;
  close(): Promise<void>;
}

/** What a worker needs: the policy applied, the signature decoded; undefined: refuse. */
export interface PreparedCheck {
  /** base64url of the checked key bytes (the worker's key cache id). */
  readonly key: string;
  readonly sig: Uint8Array;
}

const encodedKeys = new WeakMap<PublicKey, string>();

/** The policy part of nodeVerifier, done on the main thread; undefined means not verified. */
export function prepareCheck(key: PublicKey, signature: string): PreparedCheck | undefined {
  const sig = fromBase64Url(signature);
  if (sig === undefined || !hasSignatureShape(sig)) return undefined;
  let encoded = encodedKeys.get(key);
  if (encoded === undefined) {
    const checked = checkedKeyOf(key);
    if (checked === undefined) return undefined;
    encoded = toBase64Url(checked.bytes);
    encodedKeys.set(key, encoded);
  }
  return { key: encoded, sig };
}

/** The whole check on this thread: exactly verifyStatementSignature with nodeVerifier. */
export function verifyHere(key: PublicKey, text: string, signature: string): boolean {
  const sig = fromBase64Url(signature);
  return sig !== undefined && sig.length === 64 && nodeVerifier.verify(key, signingMessage(text), sig);
}

export const inlineSignatures: StatementSignatures = Object.freeze({
  check(key: PublicKey, text: string, signature: string, done: Verdict): void {
    done(verifyHere(key, text, signature));
  },
  close: () => Promise.resolve(),
});

/**
 * `threads` counts worker threads; 0 checks on the calling thread. The default keeps
 * one core for the main thread (decide, seal, commit) and gives the others, at most
 * four, to signatures: on one core a worker would only add messaging.
 */
export function statementSignatures(threads: number = defaultSignatureThreads(), options: PoolOptions = {}): StatementSignatures {
  return threads <= 0 ? inlineSignatures : new SignaturePool(threads, options);
}

export function defaultSignatureThreads(): number {
  return Math.min(4, availableParallelism() - 1);
}
