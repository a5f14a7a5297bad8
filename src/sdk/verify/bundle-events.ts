// The events of an evidence bundle, checked one by one against the one checkpoint:
// each envelope hashes to its own hash, sits at its position in the signed tree
// (inclusion proof), and, in every status stream, follows the bundle's previous event of
// that stream (revisions from 0, prevHash links), so no event of a stream it carries can
// be left out before the last one. Positions ascend; the ledger is the bundle's.
import { joinPath, ok, problem, type Problem, type Result } from '../../errors/problem';
import { leafIndex as asLeafIndex, treeSize as asTreeSize } from '../../integrity/brands';
import { hexToBytes } from '../../integrity/bytes';
import { computeEnvelopeHash, linkToTip, parseEnvelope, type ChainTip, type Envelope } from '../../integrity/envelope';
import { leafHash, verifyInclusion } from '../../integrity/merkle';
import type { BundleEvent } from './bundle-format';
import { under } from './paths';
import { refuse } from './refuse';

export interface CheckedEvent {
  readonly position: number;
  readonly envelope: Envelope;
  /** Path of the event in the bundle, for reports (`events[3]`). */
  readonly path: string;
}

/** Streams that are not carried whole: decisions and approvals are picked one by one. */
const isActionsStream = (stream: string): boolean => stream.startsWith('actions-');

/** `events` passed bundleProblems; `root` and `size` come from the verified checkpoint. */
export function checkEvents(events: readonly BundleEvent[], ledgerId: string, size: number, root: Uint8Array): Result<CheckedEvent[]> {
  const tips = new Map<string, ChainTip>();
  const checked: CheckedEvent[] = [];
  let previous = -1;
  for (const [i, event] of events.entries()) {
    const path = joinPath('events', i);
    if (event.position <= previous || event.position >= size) {
      return fail(problem('bundle.malformed', `positions ascend and lie inside the checkpoint's tree of ${size}`, joinPath(path, 'position')));
    }
    previous = event.position;
    const parsed = parseEnvelope(event.envelope);
    if (!parsed.ok) return refuse(under(joinPath(path, 'envelope'), parsed.problems));
    const envelope = parsed.value;
    const bad = envelopeProblem(envelope, ledgerId, path) ?? inclusionProblem(event, envelope, size, root, path);
    if (bad !== undefined) return fail(bad);
    if (!isActionsStream(envelope.stream)) {
      const broken = linkToTip(envelope, tips.get(envelope.stream));
      if (broken !== undefined) {
        const message = `the bundle does not hold ${envelope.stream} whole up to this event: ${broken.message}`;
        return fail(problem('bundle.incomplete', message, joinPath(path, 'envelope'), { stream: envelope.stream, cause: broken.code }));
      }
      tips.set(envelope.stream, { revision: envelope.revision, hash: envelope.hash });
    }
    checked.push({ position: event.position, envelope, path });
  }
  return ok(checked);
}

const fail = (p: Problem) => refuse([p]);

function envelopeProblem(envelope: Envelope, ledgerId: string, path: string): Problem | undefined {
  let computed: string | undefined;
  try {
    computed = computeEnvelopeHash(envelope);
  } catch {
    computed = undefined;
  }
  if (computed !== envelope.hash) {
    return problem('envelope.bad_hash', 'the envelope does not hash to its own hash field', joinPath(path, 'envelope'), { computed });
  }
  if (envelope.statement.ledgerId !== ledgerId) {
    return problem('statement.wrong_ledger', `the statement is for ledger ${envelope.statement.ledgerId}, the bundle for ${ledgerId}`, joinPath(path, 'envelope'));
  }
  return undefined;
}

function inclusionProblem(event: BundleEvent, envelope: Envelope, size: number, root: Uint8Array, path: string): Problem | undefined {
  const included = verifyInclusion(
    asLeafIndex(event.position),
    asTreeSize(size),
    leafHash(hexToBytes(envelope.hash)),
    event.inclusionProof.map((h) => hexToBytes(h)),
    root,
  );
  if (included.ok) return undefined;
  const message = `the event is not at position ${event.position} of the checkpoint's tree: ${included.problems[0].message}`;
  return problem('bundle.not_included', message, joinPath(path, 'inclusionProof'));
}
