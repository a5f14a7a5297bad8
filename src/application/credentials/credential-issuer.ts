// From an accepted `credential.request` to the token the agent is given: the claims
// come from the signed statement and the recorded result, the signature from the
// ledger key that is current when the answer is made.
import type { Receipt, CredentialToken } from '../ledger/ledger.port';
import { credentialClaims, tokenTypeOf } from './credential-claims';
import { issuedCredentialOf, signCompactJws, type JwsSigner } from './credential-token';

export function credentialTokenFor(issuer: string, statementText: string, receipt: Receipt, signer: JwsSigner): CredentialToken | undefined {
  if (receipt.type !== 'credential.issued') return undefined;
  let statement: { actor?: unknown; body?: unknown };
  try {
    statement = JSON.parse(statementText) as typeof statement;
  } catch {
    return undefined;
  }
  if (typeof statement.actor !== 'string') return undefined;
  const issued = issuedCredentialOf(statement.actor, statement.body, receipt.result);
  if (issued === undefined) return undefined;
  return {
    token: signCompactJws(credentialClaims(issuer, issued), signer, tokenTypeOf(issued)),
    credentialId: issued.credentialId,
    kid: signer.kid,
    expiresAt: issued.expiresAt,
  };
}
