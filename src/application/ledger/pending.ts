// A statement waiting for the committer, and how its caller is answered.
import type { Context } from '@opentelemetry/api';
import type { Problem } from '../../errors/problem';
import type { ParsedStatement } from '../../integrity/statement';
import type { SubmitResult } from './ledger.port';

export interface Pending {
  readonly parsed: ParsedStatement;
  readonly signature: string;
  /**
   * The encoded key the signature was checked with; undefined for a statement whose
   * (actor, nonce) was already recorded (answered from the store, byte for byte); null
   * when the actor was unknown at submission, so that decide names the refusal.
   */
  readonly verifiedWith: string | undefined | null;
  readonly settle: (result: SubmitResult) => void;
  readonly receivedAt: number;
  /** The submitting request's trace context, when tracing is on (src/application/tracing). */
  readonly trace?: Context;
}

export function refusal(...problems: [Problem, ...Problem[]]): SubmitResult {
  return { ok: false, problems };
}
