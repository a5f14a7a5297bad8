// Where a bundle starts: the entities of the subject's chain, read from the state as of
// the checkpoint (a chain's links never change, only their statuses), and the stream
// that holds each entity's events.
import { collectChain, decisionRequestOf, streams, type LedgerState, type RecordedEvent, type StatusKind } from '../../domain';
import { viewOf } from '../../domain';
import type { BundleSubject } from '../../sdk/verify/bundle-format';

/** An entity of the chain, or an actor (a principal or an agent, whichever the id is). */
export type Seed = { readonly kind: StatusKind; readonly id: string } | { readonly kind: 'actor'; readonly id: string };

export function chainSeeds(state: LedgerState, subject: BundleSubject, decision: RecordedEvent | undefined): Seed[] {
  const seeds: Seed[] = [];
  if (subject.kind === 'decision') {
    const request = decisionRequestOf(decision!)!;
    seeds.push({ kind: 'agent', id: request.agentId });
    if (request.credentialId !== '') seeds.push(...credentialSeeds(state, request.credentialId));
    for (const hop of (decision!.result as { chain?: { kind: StatusKind; id: string }[] } | undefined)?.chain ?? []) seeds.push({ kind: hop.kind, id: hop.id });
    if (request.enforcer !== undefined) seeds.push({ kind: 'actor', id: request.enforcer });
  } else if (subject.kind === 'credential') {
    seeds.push(...credentialSeeds(state, subject.id));
  } else if (subject.kind === 'delegation') {
    seeds.push(...delegationSeeds(state, subject.id));
  } else {
    seeds.push({ kind: 'agent', id: subject.id });
  }
  // Invariant 7: whether an agent may act depends on its owner.
  for (const s of [...seeds]) {
    const owner = s.kind === 'agent' ? state.agents.get(s.id)?.ownerId : undefined;
    if (owner !== undefined) seeds.push({ kind: 'principal', id: owner });
  }
  return seeds;
}

function credentialSeeds(state: LedgerState, id: string): Seed[] {
  const c = state.credentials.get(id);
  const seeds: Seed[] = [{ kind: 'credential', id }];
  return c === undefined ? seeds : [...seeds, { kind: 'agent', id: c.agentId }, ...delegationSeeds(state, c.delegationId)];
}

function delegationSeeds(state: LedgerState, id: string): Seed[] {
  const d = state.delegations.get(id);
  if (d === undefined) return [{ kind: 'delegation', id }];
  const chain = collectChain(viewOf(state), d);
  const seeds: Seed[] = [];
  for (const link of chain.links) {
    seeds.push({ kind: 'delegation', id: link.delegation.id }, { kind: 'agent', id: link.delegation.delegateeId }, { kind: 'actor', id: link.delegation.delegatorId });
  }
  if (chain.human !== undefined) seeds.push({ kind: 'principal', id: chain.human.id });
  if (chain.entitlement !== undefined) seeds.push({ kind: 'entitlement', id: chain.entitlement.id });
  if (chain.missingParent !== undefined) seeds.push({ kind: 'delegation', id: chain.missingParent });
  return seeds;
}

/** The stream holding a seed's events; undefined for an actor the state does not know. */
export function streamOf(state: LedgerState, seed: Seed): string | undefined {
  switch (seed.kind) {
    case 'principal':
      return seed.id === state.ledger?.principalId ? streams.ledger : streams.principal(seed.id);
    case 'agent':
      return streams.agent(seed.id);
    case 'delegation':
      return streams.delegation(seed.id);
    case 'credential':
      return streams.credential(seed.id);
    case 'entitlement': {
      const holder = state.entitlements.get(seed.id)?.holderId;
      return holder === undefined ? undefined : streams.principal(holder);
    }
    case 'actor':
      if (seed.id === state.ledger?.principalId) return streams.ledger;
      if (state.principals.has(seed.id)) return streams.principal(seed.id);
      return state.agents.has(seed.id) ? streams.agent(seed.id) : undefined;
  }
}
