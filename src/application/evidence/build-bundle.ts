// Assembling an evidence bundle (docs/evidence-bundle.md) from a store: the subject, the
// checkpoint, every status stream the chain rests on carried whole up to the checkpoint
// (the chain's entities, the agents' owners, every actor that signed one of those
// events, recursively, down to the ledger's genesis), the approval events a decision
// used, an inclusion proof per event and a state map proof per entity. The checks that
// it is right are the verifier's (src/sdk/verify/verify-bundle.ts), not this file's.
import { decisionRequestOf, emptyLedgerState, entityKey, evolve, statusRecord, type LedgerState, type StatusKind } from '../../domain';
import { err, ok, problem, type Result } from '../../errors/problem';
import { leafIndex, treeSize } from '../../integrity/brands';
import { bytesToHex } from '../../integrity/bytes';
import { parseCheckpoint, parseNote, stateRootOf } from '../../integrity/checkpoint';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleEvent, type BundleState, type BundleSubject, type EvidenceBundle } from '../../sdk/verify/bundle-format';
import { everyEntity } from '../../sdk/verify/bundle-states';
import type { EventStore, StoredEvent } from '../../storage/event-store.port';
import { foldLog, recordedOf, sameRoot, type FoldedLog } from './evidence-log';
import { chainSeeds, streamOf, type Seed } from './evidence-seeds';

export type EvidenceTarget =
  | { readonly decision: number | string }
  | { readonly credential: string }
  | { readonly delegation: string }
  | { readonly agent: string };

export interface SignedNote {
  readonly note: string;
  readonly treeSize: number;
}

export interface EvidenceSource {
  readonly store: Pick<EventStore, 'readAll' | 'readStream'>;
  readonly ledgerId: string;
  /** Events in the log. */
  readonly size: number;
  /** The checkpoint a bundle without asOf is proven against (the runtime signs one at the head). */
  latest(): SignedNote | undefined;
}

/** `asOf`: a global position; the bundle then uses the first recorded checkpoint covering it and the subject. */
export async function buildBundle(source: EvidenceSource, target: EvidenceTarget, asOf?: number): Promise<Result<EvidenceBundle>> {
  const subject = await resolveSubject(source, target);
  if (!subject.ok) return subject;
  const needed = Math.max(subject.value.kind === 'decision' ? subject.value.position + 1 : 1, asOf === undefined ? 1 : asOf + 1);
  const checkpoint = await pickCheckpoint(source, needed, asOf !== undefined);
  if (!checkpoint.ok) return checkpoint;
  const root = signedStateRoot(checkpoint.value.note);
  if (root === undefined) return noCheckpoint('the checkpoint carries no state line (signed before the state map existed)');
  const folded = await foldLog(source.store, checkpoint.value.treeSize);
  if (!sameRoot(folded, root)) return noCheckpoint('the state map folded from the store is not the one the checkpoint signed: run writ verify');
  const decision = subject.value.kind === 'decision' ? recordedOf((await source.store.readAll(subject.value.position, 1))[0]!) : undefined;
  const seeds = chainSeeds(folded.state, subject.value, decision);
  const positions = await closure(source, folded, seeds, decision);
  const events = await bundleEvents(source, folded, positions);
  const states = bundleStates(folded, events, seeds);
  return ok({ format: BUNDLE_FORMAT, version: BUNDLE_VERSION, ledgerId: source.ledgerId, subject: subject.value, checkpoint: { note: checkpoint.value.note, treeSize: checkpoint.value.treeSize }, events, states });
}

const noCheckpoint = (message: string) => err(problem('bundle.no_checkpoint', message, 'asOf'));
const notFound = (message: string, path: string) => err(problem('bundle.not_found', message, path));
const DECISIONS: ReadonlySet<string> = new Set(['action.authorized', 'action.denied', 'approval.requested']);

async function resolveSubject(source: EvidenceSource, target: EvidenceTarget): Promise<Result<BundleSubject>> {
  if ('credential' in target) return ok({ kind: 'credential', id: target.credential });
  if ('delegation' in target) return ok({ kind: 'delegation', id: target.delegation });
  if ('agent' in target) return ok({ kind: 'agent', id: target.agent });
  const named = target.decision;
  if (typeof named === 'number') {
    const [stored] = Number.isSafeInteger(named) && named >= 0 && named < source.size ? await source.store.readAll(named, 1) : [];
    if (stored === undefined || !DECISIONS.has(stored.type)) return notFound(`no recorded decision at position ${named}`, 'decision');
    return ok({ kind: 'decision', position: named });
  }
  const position = await findRequest(source, named);
  return position === undefined ? notFound(`no recorded decision with request id ${named}`, 'decision') : ok({ kind: 'decision', position });
}

/** The recorded decision of a request id (agents' and enforcers' alike): a scan of the log. */
async function findRequest(source: EvidenceSource, requestId: string): Promise<number | undefined> {
  for (let at = 0; at < source.size; ) {
    const page = await source.store.readAll(at, 2048);
    if (page.length === 0) return undefined;
    for (const stored of page) {
      if (DECISIONS.has(stored.type) && decisionRequestOf(recordedOf(stored))?.requestId === requestId) return stored.position;
    }
    at += page.length;
  }
  return undefined;
}

async function pickCheckpoint(source: EvidenceSource, needed: number, asOf: boolean): Promise<Result<SignedNote>> {
  const latest = source.latest();
  if (asOf) {
    for (const stored of await source.store.readStream('checkpoints')) {
      const body = recordedOf(stored).statement.body as { treeSize?: unknown; note?: unknown };
      if (typeof body.treeSize === 'number' && typeof body.note === 'string' && body.treeSize >= needed) return ok({ note: body.note, treeSize: body.treeSize });
    }
  }
  if (latest !== undefined && latest.treeSize >= needed) return ok(latest);
  return noCheckpoint(`no signed checkpoint covers ${needed} events yet: wait for the next one`);
}

function signedStateRoot(note: string): Uint8Array | undefined {
  const parsed = parseNote(note);
  const cp = parsed.ok ? parseCheckpoint(parsed.value.text) : undefined;
  const root = cp?.ok ? stateRootOf(cp.value) : undefined;
  return root instanceof Uint8Array ? root : undefined;
}

/**
 * Positions to carry: status streams whole (below the checkpoint), grown until every
 * actor of a carried event and every entity the carried events create has its own
 * stream carried too; plus the decision and the approval events it rests on.
 */
async function closure(source: EvidenceSource, folded: FoldedLog, seeds: readonly Seed[], decision: ReturnType<typeof recordedOf> | undefined): Promise<number[]> {
  const carried = new Set<string>();
  const positions = new Set<number>();
  const queue: string[] = ['ledger', ...seeds.map((s) => streamOf(folded.state, s)).filter((s): s is string => s !== undefined)];
  const actors: string[] = [];
  if (decision !== undefined) {
    positions.add(decision.position);
    actors.push(decision.statement.actor);
    for (const picked of await approvalEvents(source, decision)) {
      positions.add(picked.position);
      actors.push(picked.actor);
    }
  }
  queue.push(...actors.map((a) => streamOf(folded.state, { kind: 'actor', id: a })).filter((s): s is string => s !== undefined));
  while (queue.length > 0) {
    const stream = queue.pop()!;
    if (carried.has(stream)) continue;
    carried.add(stream);
    for (const position of folded.streams.get(stream) ?? []) {
      positions.add(position);
      const [stored] = await source.store.readAll(position, 1);
      const recorded = recordedOf(stored!);
      for (const id of [recorded.statement.actor, ...genesisAdmins(recorded)]) {
        const next = streamOf(folded.state, { kind: 'actor', id });
        if (next !== undefined && !carried.has(next)) queue.push(next);
      }
    }
  }
  return [...positions].sort((a, b) => a - b);
}

function genesisAdmins(recorded: ReturnType<typeof recordedOf>): string[] {
  if (recorded.type !== 'ledger.genesis') return [];
  const admins = (recorded.statement.body as { admins?: { principalId?: unknown }[] }).admins ?? [];
  return admins.map((a) => a.principalId).filter((id): id is string => typeof id === 'string');
}

/** The approval a decision names: its request, its answers, and the decisions that used it before. */
async function approvalEvents(source: EvidenceSource, decision: ReturnType<typeof recordedOf>): Promise<StoredEvent[]> {
  const approvalId = decisionRequestOf(decision)?.approvalId;
  if (approvalId === undefined) return [];
  const stream = decision.stream;
  const all = await source.store.readStream(stream);
  return all.filter((stored) => {
    if (stored.position >= decision.position) return false;
    const recorded = recordedOf(stored);
    const result = recorded.result as { approvalId?: unknown } | undefined;
    const body = recorded.statement.body as { approvalId?: unknown } | undefined;
    return result?.approvalId === approvalId || body?.approvalId === approvalId || decisionRequestOf(recorded)?.approvalId === approvalId;
  });
}

async function bundleEvents(source: EvidenceSource, folded: FoldedLog, positions: readonly number[]): Promise<BundleEvent[]> {
  const events: BundleEvent[] = [];
  for (const position of positions) {
    const [stored] = await source.store.readAll(position, 1);
    const proof = folded.tree.inclusionProof(leafIndex(position), treeSize(folded.size));
    if (!proof.ok) throw new Error(`no inclusion proof for ${position} in ${folded.size}`);
    events.push({ position, envelope: stored!.data, inclusionProof: proof.value.map(bytesToHex) });
  }
  return events;
}

/** A proof for every entity the carried events replay to, and for each chain seed (present or absent). */
function bundleStates(folded: FoldedLog, events: readonly BundleEvent[], seeds: readonly Seed[]): BundleState[] {
  const partial: LedgerState = emptyLedgerState();
  for (const e of events) evolve(partial, recordedOfText(e));
  const entities = new Map<string, { kind: StatusKind; id: string }>();
  for (const e of everyEntity(partial)) entities.set(`${e.kind}:${e.id}`, e);
  for (const s of seeds) if (s.kind !== 'actor') entities.set(`${s.kind}:${s.id}`, { kind: s.kind, id: s.id });
  return [...entities.values()].map(({ kind, id }) => ({
    kind,
    id,
    record: statusRecord(folded.state, kind, id) ?? null,
    proof: folded.map.prove(entityKey(kind, id)),
  }));
}

const recordedOfText = (e: BundleEvent) => recordedOf({ data: e.envelope, position: e.position } as StoredEvent);
