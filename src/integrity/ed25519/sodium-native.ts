// libsodium's native build (the optional `sodium-native` package), where it loads.
// Measured on our machines: its Ed25519 verify takes half the time of OpenSSL's through
// node:crypto (about 50 against 104 µs), and its key check less than half the time of
// libsodium's WebAssembly (41 against 98 µs). Imported only by Node code, never by the
// portable core or the SDK.
//
// It speeds verdicts up and never decides one alone:
// - a signature libsodium accepts is one Writ's policy accepts. Both compute
//   [S]B - [k]A over the same bytes and compare its encoding with R (the cofactorless
//   check, docs/ed25519-policy.md); libsodium refuses more besides (a small-order R or
//   key). A signature it refuses is judged again by OpenSSL, which has the last word:
//   the policy accepts R = identity (CCTV 304), which libsodium refuses.
// - a key it accepts passes the key policy (`crypto_core_ed25519_is_valid_point` is that
//   policy); one it refuses goes through noble, which names the reason.
// Tests hold both paths to one verdict on every outside vector. They caught that the
// libsodium in sodium-native 5.0 accepts keys with a torsion component of order 2 (fixed
// in 5.1); a build that still does is not used (see KNOWN_BAD_KEY).
import { hexToBytes } from '../bytes';
import { installSodiumKeyCheck } from './sodium-key-check';
import { nodeVerifier } from './node-verifier';
import { checkedKeyOf, useKeyPolicyCheck, type PublicKey } from './public-key';
import { hasSignatureShape, PUBLIC_KEY_LENGTH, SIGNATURE_LENGTH } from './signature-shape';
import type { Ed25519Verifier } from './verifier';

/** Set to `off` to use OpenSSL (and libsodium's WebAssembly for keys) alone. */
export const NATIVE_SODIUM_SWITCH = 'WRIT_NATIVE_SODIUM';

export interface NativeEd25519 {
  /** True only for a signature Writ's policy accepts, given a key that passed checkPublicKey. False decides nothing. */
  accepts(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  /** libsodium's `crypto_core_ed25519_is_valid_point`: Writ's whole key policy. */
  isValidPoint(publicKey: Uint8Array): boolean;
}

/** [12345]B plus the point of order 2: the policy refuses it (key.torsion). */
const KNOWN_BAD_KEY = hexToBytes('feaf9d07b868cc52786305312c376563c622b0386a10d105e3c1501b28d65f7e');

export interface SodiumNativeApi {
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  crypto_core_ed25519_is_valid_point(point: Uint8Array): boolean;
}

/**
 * libsodium's native Ed25519, or undefined when `env` turns it off, the package did not
 * load (not installed, or no build for this platform; tried once per thread), or its key
 * check accepts a key the policy refuses.
 */
export function loadNativeEd25519(env: NodeJS.ProcessEnv = process.env, given?: SodiumNativeApi): NativeEd25519 | undefined {
  // Switched off, the addon is not even loaded.
  if (env[NATIVE_SODIUM_SWITCH] === 'off') return undefined;
  const api = given ?? sodiumNative();
  if (api === undefined || api.crypto_core_ed25519_is_valid_point(KNOWN_BAD_KEY)) return undefined;
  return Object.freeze({
    // sodium-native throws on wrong lengths; the callers' inputs are attacker-controlled.
    accepts: (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) =>
      signature.length === SIGNATURE_LENGTH && publicKey.length === PUBLIC_KEY_LENGTH && api.crypto_sign_verify_detached(signature, message, publicKey),
    isValidPoint: (publicKey: Uint8Array) => publicKey.length === PUBLIC_KEY_LENGTH && api.crypto_core_ed25519_is_valid_point(publicKey),
  });
}

let loaded: SodiumNativeApi | null | undefined;

function sodiumNative(): SodiumNativeApi | undefined {
  if (loaded === undefined) {
    try {
      // A plain require: the package is CommonJS, optional, and may have no build here.
      loaded = require('sodium-native') as SodiumNativeApi;
    } catch {
      loaded = null;
    }
  }
  return loaded ?? undefined;
}

let processEngine: NativeEd25519 | null | undefined;

/** The process's native engine (process.env decides, once). */
export function nativeEd25519(): NativeEd25519 | undefined {
  if (processEngine === undefined) processEngine = loadNativeEd25519() ?? null;
  return processEngine ?? undefined;
}

/** Which engine confirms signatures in this process (reports name it). */
export const signatureEngineName = (native: NativeEd25519 | undefined): string => (native ? 'libsodium (sodium-native), refusals re-judged by OpenSSL' : 'OpenSSL (node:crypto)');

/**
 * Node's verifier, with libsodium confirming accepts first where it loaded: the same
 * verdicts (see the file header), for about half the work per valid signature.
 */
export function acceleratedVerifier(native: NativeEd25519 | undefined): Ed25519Verifier {
  if (native === undefined) return nodeVerifier;
  return Object.freeze({
    name: 'sodium-native+node',
    verify(key: PublicKey, message: Uint8Array, signature: Uint8Array): boolean {
      if (!hasSignatureShape(signature)) return false;
      const checked = checkedKeyOf(key);
      if (checked === undefined) return false;
      return native.accepts(signature, message, checked.bytes) || nodeVerifier.verify(key, message, signature);
    },
  });
}

/**
 * The fastest key check available: native libsodium, else its WebAssembly build. Either
 * is only trusted to accept (public-key.ts).
 */
export async function installKeyCheck(native: NativeEd25519 | undefined): Promise<void> {
  if (native === undefined) return installSodiumKeyCheck();
  useKeyPolicyCheck((bytes) => native.isValidPoint(bytes));
}
