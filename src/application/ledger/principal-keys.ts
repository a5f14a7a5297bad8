// The policy-checked key a statement must verify under. Registered keys were checked
// once, when registered (the domain keeps the checked form); only genesis names a key
// that nothing has checked yet. Readers (read tokens) are checked against the same keys.
import { signerKeyFor, type LedgerView } from '../../domain';
import { fromBase64Url } from '../../integrity/bytes';
import { checkPublicKey, type PublicKey } from '../../integrity/ed25519';
import type { Statement } from '../../integrity/statement';
import type { Reader } from './ledger.port';

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

/** A principal or agent as a reader of the record, with its current checked key. */
export function readerOf(view: LedgerView, principalId: string): Reader | undefined {
  const principal = view.principal(principalId);
  if (principal !== undefined && principal.key.checked !== undefined) {
    return { id: principal.id, kind: principal.kind, roles: principal.roles, active: principal.status === 'active', publicKey: principal.key.checked };
  }
  const agent = view.agent(principalId);
  if (agent !== undefined && agent.key.checked !== undefined) {
    return { id: agent.id, kind: 'agent', roles: [], active: agent.lifecycle === 'active', publicKey: agent.key.checked };
  }
  return undefined;
}
