// `credential.issued` results recorded before token formats existed carry no
// `tokenFormat`, and their tokens keep the first shape (the agent in `sub`). Such a
// credential stays valid until it expires and its event stays verifiable: replay takes
// a recorded result that is exactly what the rules derive today less the format, when
// the request named no audience (only the RFC 9068 shape carries one). Nothing else
// differs between the two, so no authority can be gained by recording the old form.
import type { RecordedEvent } from '../shared/events';
import { sameJson } from '../replay/same-json';

export function isEarlierCredentialResult(event: RecordedEvent, derived: unknown): boolean {
  if (event.type !== 'credential.issued') return false;
  const recorded = event.result as Record<string, unknown> | null | undefined;
  if (recorded === null || typeof recorded !== 'object' || recorded['tokenFormat'] !== undefined) return false;
  const body = event.statement.body as Record<string, unknown> | null;
  if (body !== null && typeof body === 'object' && body['audience'] !== undefined) return false;
  if (derived === null || typeof derived !== 'object') return false;
  const { tokenFormat: _format, ...earlier } = derived as Record<string, unknown>;
  return sameJson(earlier, recorded);
}
