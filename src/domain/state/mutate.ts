// Writing new aggregate values into the container. Evolvers trust recorded events
// (validate runs first), but a missing aggregate is skipped rather than thrown on, so a
// fold over a damaged log degrades instead of crashing the verifier mid-report.
import type { PrincipalState } from './aggregates';
import type { LedgerState } from './ledger-state';

export function update<T>(map: Map<string, T>, id: string, next: (current: T) => T): void {
  const current = map.get(id);
  if (current !== undefined) map.set(id, next(current));
}

export function putPrincipal(state: LedgerState, principal: PrincipalState): void {
  state.principals.set(principal.id, principal);
  if (principal.status === 'active' && principal.roles.includes('admin')) state.admins.add(principal.id);
  else state.admins.delete(principal.id);
}

export function updatePrincipal(state: LedgerState, id: string, next: (p: PrincipalState) => PrincipalState): void {
  const current = state.principals.get(id);
  if (current !== undefined) putPrincipal(state, next(current));
}
