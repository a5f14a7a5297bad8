// The ledger key behind a port: the runtime asks for signatures, it never handles the
// seed. The default adapter keeps the seed in a 0600 key file and signs with Node's
// built-in Ed25519 (several times faster than the portable path; Ed25519 is
// deterministic, so the signatures are byte-identical).
import { createPrivateKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { toBase64Url } from '../../integrity/bytes';
import { generateKeyPair, keyPairFromSeed } from '../../integrity/ed25519';
import type { ExternalNoteSigner } from '../../integrity/checkpoint';
import { readKeyFile, writeNewKeyFile } from './key-files';

export interface LedgerSigner {
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

/** A signer over a 32-byte seed held in memory (loaded from the key file). */
export function seedSigner(seed: Uint8Array): LedgerSigner {
  const { publicKey } = keyPairFromSeed(seed);
  const key: KeyObject = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: toBase64Url(seed), x: toBase64Url(publicKey) },
    format: 'jwk',
  });
  return {
    publicKey,
    sign: (message) => new Uint8Array(nodeSign(null, message, key)),
  };
}

/**
 * The signer as a C2SP note signer named by the checkpoint origin. Given a function,
 * it signs with whatever key is current at each checkpoint (ledger key rotation).
 */
export function noteSignerOf(signer: LedgerSigner | (() => LedgerSigner), name: string): ExternalNoteSigner {
  const current = typeof signer === 'function' ? signer : () => signer;
  return {
    name,
    get publicKey() {
      return current().publicKey;
    },
    sign: (m) => current().sign(m),
  };
}

/**
 * Where the ledger's keys live, for rotation (`ledger.key_rotated`). A new key is
 * staged durably before any statement names it; once the record names it, it is
 * promoted and the retired seed is discarded (its public key stays in the record, so
 * the JWKS still lists it and tokens it signed verify until they expire).
 */
export interface LedgerKeyStore {
  /** The signer for this public key, if its seed is held (current or staged). */
  signerFor(publicKey: Uint8Array): LedgerSigner | undefined;
  /** Creates a new key and keeps it durably as the staged key. */
  stage(): LedgerSigner;
  /** The record now names `publicKey` as the ledger key: keep it as the current one. */
  promote(publicKey: Uint8Array): void;
}

const samePublicKey = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Key files: `ledger.key.json` holds the current key, `ledger-next.key.json` (beside it)
 * a staged one. Promotion renames the staged file over the current one (atomic), so a
 * crash leaves either the old key current with the new one staged, or the new one
 * current; on open the runtime picks whichever the record names.
 */
export function fileKeyStore(currentPath: string): LedgerKeyStore {
  const nextPath = join(dirname(currentPath), 'ledger-next.key.json');
  const load = (path: string) => (existsSync(path) ? readKeyFile(path) : undefined);
  return {
    signerFor(publicKey) {
      for (const path of [currentPath, nextPath]) {
        const keys = load(path);
        if (keys !== undefined && samePublicKey(keys.publicKey, publicKey)) return seedSigner(keys.seed);
      }
      return undefined;
    },
    stage() {
      if (existsSync(nextPath)) rmSync(nextPath);
      return seedSigner(writeNewKeyFile(nextPath, load(currentPath)?.id).seed);
    },
    promote(publicKey) {
      const next = load(nextPath);
      if (next !== undefined && samePublicKey(next.publicKey, publicKey)) renameSync(nextPath, currentPath);
    },
  };
}

/** Keys in memory only (tests, benches): staged seeds are kept until promoted. */
export function memoryKeyStore(seed: Uint8Array): LedgerKeyStore {
  const seeds = [seed];
  const find = (publicKey: Uint8Array) => seeds.find((s) => samePublicKey(keyPairFromSeed(s).publicKey, publicKey));
  return {
    signerFor: (publicKey) => {
      const found = find(publicKey);
      return found === undefined ? undefined : seedSigner(found);
    },
    stage: () => {
      const fresh = generateKeyPair().seed;
      seeds.push(fresh);
      return seedSigner(fresh);
    },
    promote: (publicKey) => {
      const found = find(publicKey);
      if (found !== undefined) seeds.splice(0, seeds.length, found);
    },
  };
}
