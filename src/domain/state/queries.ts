// Small walks over the view that rules, cascades and read models share.
import type { DelegationState } from './aggregates';
import type { LedgerView } from './view';

// Depth is bounded at grant time; the bound only keeps a damaged state from looping.
const MAX_WALK = 64;

/** The delegation and its ancestors, leaf first. */
export function lineage(view: LedgerView, d: DelegationState): DelegationState[] {
  const out: DelegationState[] = [d];
  let current = d;
  while (current.parentId !== undefined && out.length < MAX_WALK) {
    const parent = view.delegation(current.parentId);
    if (parent === undefined) break;
    out.push(parent);
    current = parent;
  }
  return out;
}

/** True if `agentId` is `rootId` or one of its subagents, at any depth. */
export function withinAgent(view: LedgerView, agentId: string, rootId: string): boolean {
  let current: string | undefined = agentId;
  for (let i = 0; current !== undefined && i < MAX_WALK; i++) {
    if (current === rootId) return true;
    current = view.agent(current)?.parentAgentId;
  }
  return false;
}
