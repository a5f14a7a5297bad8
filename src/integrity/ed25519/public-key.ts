// The once-per-key half of Writ's Ed25519 policy. A key is checked when it is
// registered, and what the check learned (the decoded point) is kept with it, so that
// the per-signature path does no key work at all.
import { Point } from '@noble/ed25519';
import { equalBytes } from '../bytes';
import { err, ok, problem, type Result } from '../../errors/problem';
import { PUBLIC_KEY_LENGTH } from './signature-shape';

/** Type-level brand only: a PublicKey comes from checkPublicKey, never from a literal. */
declare const checked: unique symbol;

/**
 * An Ed25519 public key that passed the policy (canonical, not of small order,
 * torsion-free). Opaque: only `checkPublicKey` makes one, and both verifiers refuse
 * any other object, because they skip the per-key checks. Verifiers keep per-key data
 * (decoded point, Node KeyObject) in WeakMaps keyed by it.
 */
export interface PublicKey {
  readonly bytes: Uint8Array;
  readonly [checked]: true;
}

/** What verifiers rely on: private copies, so a caller mutating `bytes` changes nothing. */
export interface CheckedKey {
  readonly bytes: Uint8Array;
  /** The decoded point, for the noble verifier; decoded on first use (see CheckedKeyRecord). */
  readonly point: Point;
}

/**
 * A faster implementation of the whole key policy (true: canonical, not of small order,
 * torsion-free), installed by Node entry points (sodium-key-check.ts). noble's
 * torsion check is a 252-bit scalar multiplication in BigInt, about 0.8 ms, which made
 * key registrations 15% of an offline verification; libsodium's WebAssembly does the
 * same check about seven times faster.
 */
export type KeyPolicyCheck = (publicKey: Uint8Array) => boolean;

let fastPolicy: KeyPolicyCheck | undefined;

/**
 * Installs (or, with undefined, removes) the fast policy check process-wide. It is only
 * trusted to accept: a key it refuses goes through noble's path, which names the reason
 * and has the last word, so an install can never refuse a key the portable path accepts.
 * Tests hold both to the same verdict on vectors and on random torsioned keys.
 */
export function useKeyPolicyCheck(check: KeyPolicyCheck | undefined): void {
  fastPolicy = check;
}

/** The installed fast check, if any (benchmarks compare with and without it). */
export function currentKeyPolicyCheck(): KeyPolicyCheck | undefined {
  return fastPolicy;
}

/** The Node verifier needs only the bytes, so the point is decoded only if noble asks. */
class CheckedKeyRecord implements CheckedKey {
  #point: Point | undefined;
  constructor(
    readonly bytes: Uint8Array,
    point?: Point,
  ) {
    this.#point = point;
  }
  get point(): Point {
    // Cannot fail: the bytes passed the policy, which includes a strict decode.
    this.#point ??= Point.fromBytes(this.bytes, false);
    return this.#point;
  }
}

const checkedKeys = new WeakMap<PublicKey, CheckedKey>();

/**
 * Checked once per key (at registration): canonical encoding, not small order,
 * torsion-free. `publicKey` is attacker-controlled; every refusal is a Problem.
 */
export function checkPublicKey(publicKey: Uint8Array): Result<PublicKey> {
  let point: Point | undefined;
  if (!(publicKey.length === PUBLIC_KEY_LENGTH && fastPolicy?.(publicKey) === true)) {
    const decoded = decodePolicyPoint(publicKey);
    if (!decoded.ok) return decoded;
    point = decoded.value;
  }
  const key = Object.freeze({ bytes: publicKey.slice() }) as unknown as PublicKey;
  checkedKeys.set(key, new CheckedKeyRecord(publicKey.slice(), point));
  return ok(key);
}

/** The verifiers' view of a key; undefined for anything checkPublicKey did not return. */
export function checkedKeyOf(key: PublicKey): CheckedKey | undefined {
  return checkedKeys.get(key);
}

function decodePolicyPoint(bytes: Uint8Array): Result<Point> {
  if (bytes.length !== PUBLIC_KEY_LENGTH) {
    const message = `an Ed25519 public key is ${PUBLIC_KEY_LENGTH} bytes, got ${bytes.length}`;
    return err(problem('key.malformed', message, '', { length: bytes.length }));
  }
  const point = decodeCanonicalPoint(bytes);
  if (point === undefined) {
    return err(problem('key.malformed', 'not the canonical encoding of an edwards25519 point'));
  }
  // A small-order key lets one signature verify for many messages (or none be bound to
  // the key at all); a key with a torsion component makes cofactored and cofactorless
  // verifiers disagree. Refusing both here is what gives every path the same verdict.
  if (point.isSmallOrder()) return err(problem('key.small_order', 'the public key is of small order'));
  if (!point.isTorsionFree()) {
    return err(problem('key.torsion', 'the public key has a torsion (low-order) component'));
  }
  return ok(point);
}

/**
 * RFC 8032 strict decoding (y < p; no "negative zero" x), and the point must re-encode
 * to the very same bytes, so that exactly one encoding of each point is accepted
 * whatever the decoder's own leniency. Runs once per key, so the re-encoding is cheap.
 */
function decodeCanonicalPoint(bytes: Uint8Array): Point | undefined {
  try {
    const point = Point.fromBytes(bytes, false);
    return equalBytes(point.toBytes(), bytes) ? point : undefined;
  } catch {
    return undefined; // not on the curve, or y >= p, or x = 0 with the sign bit set
  }
}
