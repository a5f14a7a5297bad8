// Checking a stream's chain: every envelope's own hash, its revision, its stream and
// its link to the one before. The first break is named with its index and reason so
// forensics can point at it; nothing after a break is trusted.
import { problem, type Problem } from '../../errors/problem';
import { computeEnvelopeHash } from './envelope-hashing';
import { GENESIS_PREV_HASH, type Envelope } from './envelope.types';

export interface ChainBreak {
  /** Index into the checked sequence of the first envelope that does not fit. */
  readonly index: number;
  readonly problem: Problem;
}

/** The tip a chain check continues from: the last good envelope of the stream. */
export interface ChainTip {
  readonly revision: number;
  readonly hash: string;
}

/** Checks one envelope against the stream tip before it (undefined: empty stream). */
export function checkLink(envelope: Envelope, stream: string, tip: ChainTip | undefined): Problem | undefined {
  if (computeEnvelopeHash(envelope) !== envelope.hash) {
    return problem('envelope.bad_hash', 'the envelope hash does not match its contents', 'hash');
  }
  if (envelope.stream !== stream) {
    return problem('envelope.wrong_stream', `envelope belongs to ${envelope.stream}, not ${stream}`, 'stream');
  }
  return linkToTip(envelope, tip);
}

/**
 * The link part of checkLink alone (revision, then prevHash), for callers that checked
 * the hash their own way (the offline verifier hashes the stored text directly).
 */
export function linkToTip(envelope: Envelope, tip: ChainTip | undefined): Problem | undefined {
  const expected = tip === undefined ? 0 : tip.revision + 1;
  if (envelope.revision !== expected) {
    return problem('envelope.revision_gap', `revision ${envelope.revision} where ${expected} was expected`, 'revision', {
      expected,
      actual: envelope.revision,
    });
  }
  const prev = tip === undefined ? GENESIS_PREV_HASH : tip.hash;
  if (envelope.prevHash !== prev) {
    return problem('envelope.bad_prev_hash', 'prevHash does not link to the previous envelope of the stream', 'prevHash');
  }
  return undefined;
}

/** Checks a whole stream, in revision order, from its first envelope. */
export function checkChain(stream: string, envelopes: readonly Envelope[]): ChainBreak | undefined {
  let tip: ChainTip | undefined;
  for (let index = 0; index < envelopes.length; index++) {
    const envelope = envelopes[index]!;
    const broken = checkLink(envelope, stream, tip);
    if (broken) return { index, problem: broken };
    tip = { revision: envelope.revision, hash: envelope.hash };
  }
  return undefined;
}
