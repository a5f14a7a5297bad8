// What every view reads with: the ledger, the session's token, the trusted key, the
// "as of" point and who is signed in.
import type { AsOf, TokenGetter } from './api/graphql';
import type { Trust } from './api/trust';

export interface Ledger {
  readonly origin: string;
  readonly ledgerId: string;
}

export interface Principal {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly status: string;
}

export interface Ctx {
  readonly ledger: Ledger;
  readonly token: TokenGetter;
  readonly trust: Trust;
  readonly asOf: AsOf;
  /** Undefined when the principal could not be read (its refusal is shown at sign-in). */
  readonly principal: Principal | undefined;
  readonly principalId: string;
}

/** Admins and auditors read the whole record; anyone else what lies under them. */
export const readsEverything = (p: Principal | undefined): boolean => p !== undefined && (p.roles.includes('admin') || p.roles.includes('auditor'));
