// Receipts checked in this browser with the SDK: for each event, the latest checkpoint
// (its signature by a trusted ledger key), the inclusion proof of the event's position in
// that tree, and the envelope itself (it must hash to the leaf the proof proves).
import { verifyReceipt } from '@writ/sdk/verify/verify-receipt';
import type { Receipt } from '@writ/sdk/receipt';
import type { RecordedEnvelope } from '@writ/sdk/client/read-answers';
import { gql, type TokenGetter } from './graphql';
import type { Trust } from './trust';

/** An event as GraphQL's `event` and `stream` answer it: the SDK's own shape. */
export type RecordedEvent = RecordedEnvelope;

export type Verdict = { readonly verified: true; readonly treeSize: number } | { readonly verified: false; readonly why: string };

interface Proof {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly proof: readonly string[];
}

export const EVENT_FIELDS = 'position stream revision type hash envelope';

/** Verdicts for `events` (in order); one request for the checkpoint and all proofs. */
export async function verifyEvents(events: readonly RecordedEvent[], trust: Trust, token: TokenGetter): Promise<Verdict[]> {
  if (events.length === 0) return [];
  const head = await gql<{ checkpoint: { note: string; treeSize: number } }>('{ checkpoint { note treeSize } }', {}, token);
  if (!head.ok) return events.map(() => ({ verified: false, why: `no checkpoint: ${head.problems[0]!.message}` }));
  const { note, treeSize } = head.data.checkpoint;
  const inTree = events.filter((e) => e.position < treeSize);
  const fields = inTree.map((e, i) => `p${i}: inclusionProof(leafIndex: ${e.position}, treeSize: ${treeSize}) { leafIndex treeSize proof }`);
  const proofs = inTree.length === 0 ? { ok: true as const, data: {} as Record<string, Proof | null> } : await gql<Record<string, Proof | null>>(`{ ${fields.join(' ')} }`, {}, token);
  return events.map((event) => {
    const i = inTree.indexOf(event);
    if (i < 0) return { verified: false, why: `position ${event.position} is not yet in the latest signed checkpoint (size ${treeSize})` };
    if (!proofs.ok) return { verified: false, why: `no inclusion proof: ${proofs.problems[0]!.message}` };
    const proof = proofs.data[`p${i}`];
    if (!proof) return { verified: false, why: 'the service gave no inclusion proof' };
    return verdictOf(event, proof, note, treeSize, trust);
  });
}

function verdictOf(event: RecordedEvent, proof: Proof, note: string, treeSize: number, trust: Trust): Verdict {
  let result: unknown;
  try {
    result = (JSON.parse(event.envelope) as { result?: unknown }).result;
  } catch {
    return { verified: false, why: 'the envelope is not JSON' };
  }
  const receipt: Receipt = {
    envelopeHash: event.hash,
    leafIndex: event.position,
    stream: event.stream,
    revision: event.revision,
    type: event.type,
    ...(result === undefined ? {} : { result }),
    checkpoint: note,
    treeSize: proof.treeSize,
    inclusionProof: proof.proof,
  };
  const checked = verifyReceipt(receipt, [...trust.keys], { envelope: event.envelope });
  if (checked.ok) return { verified: true, treeSize };
  const first = checked.problems[0]!;
  return { verified: false, why: `${first.code}: ${first.message}${first.path ? ` (${first.path})` : ''}` };
}

export const verdictText = (v: Verdict | undefined): string =>
  v === undefined ? 'checking…' : v.verified ? `verified in this browser (in the signed tree of ${v.treeSize})` : `NOT verified: ${v.why}`;
