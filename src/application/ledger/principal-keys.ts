// The policy-checked key a statement must verify under. Registered keys were checked
// once, when registered (the domain keeps the checked form); only genesis names a key
// that nothing has checked yet.
import { signerKeyFor, type LedgerView } from '../../domain';
import { fromBase64Url } from '../../integrity/bytes';
import { checkPublicKey, type PublicKey } from '../../integrity/ed25519';
import type { Statement } from '../../integrity/statement';

export function publicKeyOf(view: LedgerView, statement: Statement, encoded: string): PublicKey | undefined {
  const registered = view.principal(statement.actor)?.key ?? view.agent(statement.actor)?.key;
  if (registered !== undefined && registered.encoded === encoded) return registered.checked;
  const bytes = fromBase64Url(encoded);
  if (bytes === undefined) return undefined;
  const checked = checkPublicKey(bytes);
  return checked.ok ? checked.value : undefined;
}

/** The key to verify a statement with now: encoded form and checked form. */
export function verificationKey(view: LedgerView, statement: Statement): { encoded: string; key: PublicKey } | undefined {
  const encoded = signerKeyFor(view, statement);
  if (encoded === undefined) return undefined;
  const key = publicKeyOf(view, statement, encoded);
  return key === undefined ? undefined : { encoded, key };
}
