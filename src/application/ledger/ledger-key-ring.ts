// The ledger's keys as the record names them: the genesis key, then each key
// `ledger.key_rotated` named, oldest first. The runtime signs with the current one;
// the JWKS lists them all, so credentials signed before a rotation verify until they
// expire. Switching follows the record: a rotation is adopted once it is committed.
import { ledgerKeyId, type RecordedEvent } from '../../domain';
import { fromBase64Url, toBase64Url } from '../../integrity/bytes';
import type { JwsSigner } from '../credentials/credential-token';
import type { LedgerKeyStore, LedgerSigner } from './ledger-signer';
import type { LedgerKey } from './ledger.port';

/** A short, stable key id: the first 16 hex characters of SHA-256 of the raw key (one definition, the domain's: it checks `kid`s). */
export const keyIdOf = (publicKey: Uint8Array): string => ledgerKeyId(publicKey);

export class LedgerKeyRing {
  private current: LedgerSigner;
  /** base64url public keys, oldest first, as the record named them. */
  private readonly named: string[] = [];

  constructor(
    signer: LedgerSigner,
    private readonly store: LedgerKeyStore | undefined,
    private readonly unavailable: (publicKey: string) => void,
  ) {
    this.current = signer;
  }

  get signer(): LedgerSigner {
    return this.current;
  }

  /** Notes the ledger keys a committed (or replayed) event names. */
  observe(event: RecordedEvent): void {
    if (event.type !== 'ledger.genesis' && event.type !== 'ledger.key_rotated') return;
    const key = (event.statement.body as { publicKey?: unknown } | null)?.publicKey;
    if (typeof key === 'string' && !this.named.includes(key)) this.named.push(key);
  }

  /** Signs with the key the record last named, when its seed is at hand. */
  adoptCurrent(): void {
    const latest = this.named.at(-1);
    if (latest === undefined || latest === toBase64Url(this.current.publicKey)) return;
    const bytes = fromBase64Url(latest);
    const signer = bytes === undefined ? undefined : this.store?.signerFor(bytes);
    if (bytes === undefined || signer === undefined) {
      this.unavailable(latest);
      return;
    }
    this.current = signer;
    this.store?.promote(bytes);
  }

  /** Stages a new key for a rotation the ledger signs itself. */
  stage(): LedgerSigner {
    if (this.store === undefined) throw new Error('this ledger has no key store: it cannot rotate its key');
    return this.store.stage();
  }

  jwsSigner(): JwsSigner {
    const signer = this.current;
    return { kid: keyIdOf(signer.publicKey), sign: (m) => signer.sign(m) };
  }

  keys(): LedgerKey[] {
    const current = toBase64Url(this.current.publicKey);
    const named = this.named.length === 0 ? [current] : this.named;
    return named.flatMap((encoded) => {
      const publicKey = fromBase64Url(encoded);
      return publicKey === undefined ? [] : [{ kid: keyIdOf(publicKey), publicKey, current: encoded === current }];
    });
  }
}
