// The link checks of integrity's checkLink, for an envelope whose hash verdict the
// verifier already has (see stored-envelope.ts: it hashes the stored text directly).
// Same codes, messages and paths as checkLink, in the same order; the stream check is
// left out because the verifier looks up the tip by the envelope's own stream.
import { problem, type Problem } from '../errors/problem';
import { linkToTip, type ChainTip, type Envelope } from '../integrity/envelope';

export function linkProblem(envelope: Envelope, hashOk: boolean, tip: ChainTip | undefined): Problem | undefined {
  if (!hashOk) return problem('envelope.bad_hash', 'the envelope hash does not match its contents', 'hash');
  return linkToTip(envelope, tip);
}
