// libsodium's check of an Ed25519 public key, for the server, the CLI and the verifier's
// workers. Imported only by Node entry points, never by the portable core or the SDK
// (libsodium's loader touches node:fs).
import { useKeyPolicyCheck } from './public-key';

/**
 * Makes `checkPublicKey` accept through libsodium's `crypto_core_ed25519_is_valid_point`,
 * which is exactly Writ's key policy: a canonical encoding, not of small order, and in the
 * prime-order subgroup. Asynchronous because the WebAssembly module is instantiated
 * once; until it resolves, keys are checked by noble alone, with the same verdicts.
 */
export async function installSodiumKeyCheck(): Promise<void> {
  const sodium = await import('libsodium-wrappers-sumo');
  // The CommonJS build exposes the API on `default` when loaded through import().
  const api = (sodium as unknown as { default?: typeof sodium }).default ?? sodium;
  await api.ready;
  useKeyPolicyCheck((bytes) => api.crypto_core_ed25519_is_valid_point(bytes));
}
