// The ledger's keys as the record names them: the genesis key, then each key
// `ledger.key_rotated` named, oldest first. The runtime signs with the current one;
// the JWKS lists them all, so credentials signed before a rotation verify until they
// expire. Switching follows the record: a rotation is adopted once it is committed,
// and a rotation to a key whose seed is not at hand is refused before it is (vet).
import { ledgerKeyId, type RecordedEvent } from '../../domain';
import { problem, type Problem } from '../../errors/problem';
import type { Statement } from '../../integrity/statement';
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
  /** The key the record names as current while its seed is not at hand (reported once). */
  private missing: string | undefined;

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
    if (latest === undefined || latest === toBase64Url(this.current.publicKey)) {
      this.missing = undefined;
      return;
    }
    const bytes = fromBase64Url(latest);
    const signer = bytes === undefined ? undefined : this.store?.signerFor(bytes);
    if (bytes === undefined || signer === undefined) {
      if (this.missing !== latest) this.unavailable(latest);
      this.missing = latest;
      return;
    }
    this.missing = undefined;
    this.current = signer;
    this.store?.promote(bytes);
  }

  /**
   * Why the ledger signs with a key the record no longer names as current (another
   * writer recorded a rotation whose seed this one does not hold), or undefined.
   */
  get problem(): string | undefined {
    return this.missing === undefined
      ? undefined
      : `the record names ledger key ${this.missing} as current, but its seed is not in the key store: checkpoints and credentials are still signed with the previous key until it is staged`;
  }

  /**
   * A ledger key rotation the domain allowed is recorded only if this ledger can sign
   * with the new key: one whose seed is not staged would leave the ledger signing with
   * a key the record has retired. Anything else passes.
   */
  vet(statement: Statement): Problem | undefined {
    if (statement.type !== 'ledger.key_rotated') return undefined;
    const key = (statement.body as { publicKey?: unknown } | null)?.publicKey;
    const bytes = typeof key === 'string' ? fromBase64Url(key) : undefined;
    if (bytes === undefined || this.store?.signerFor(bytes) !== undefined) return undefined;
    return problem(
      'ledger.key_not_staged',
      'the ledger holds no seed for this key: stage its key file as keys/ledger-next.key.json in the data directory before signing the rotation',
      'body.publicKey',
    );
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
