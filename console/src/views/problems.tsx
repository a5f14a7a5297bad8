// A refusal, written out: the code and the service's message, and for auth.forbidden
// what the signed-in principal may read instead and what would let it read this.
import type { ProblemText } from '../api/graphql';
import { readsEverything, type Principal } from '../context';

export function Problems({ problems, principal }: { problems: readonly ProblemText[]; principal?: Principal | undefined }) {
  return (
    <div role="alert" class="problems">
      {problems.map((p, i) => (
        <div key={i}>
          <p>
            <strong>Refused ({p.code})</strong>: {p.message}
            {p.path ? ` (at ${p.path})` : ''}
          </p>
          {p.code === 'auth.forbidden' && <p class="explain">{forbiddenText(principal)}</p>}
          {p.code === 'auth.missing_token' && <p class="explain">Sign in first: this read needs a read token.</p>}
          {p.code === 'auth.invalid_token' && <p class="explain">The read token was refused: sign in again (a pasted token lasts at most 300 seconds).</p>}
        </div>
      ))}
    </div>
  );
}

export function forbiddenText(principal: Principal | undefined): string {
  if (principal === undefined) return 'The signed-in principal may not read this.';
  const roles = principal.roles.length > 0 ? principal.roles.join(', ') : 'no roles';
  if (readsEverything(principal)) return `${principal.id} (${roles}) may not read this.`;
  return (
    `${principal.id} has ${roles}: it may read only what lies under it (its own agents, their delegations, credentials and decisions), ` +
    'not the event log, not other people\u2019s records and not ledger-wide inventories. An admin can grant the auditor role (principal.role_granted) to read the whole record.'
  );
}

export function Limits({ principal }: { principal: Principal | undefined }) {
  if (principal === undefined) return null;
  if (readsEverything(principal)) {
    return <p class="explain">With the role {principal.roles.filter((r) => r === 'admin' || r === 'auditor').join(' and ')}, {principal.id} may read the whole record: lineage, inventories, the event log and proofs.</p>;
  }
  return <p class="explain">May not read: {forbiddenText(principal)}</p>;
}
