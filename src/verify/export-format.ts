// The NDJSON export (docs/export-format.md): a header line, one line per event with the
// envelope exactly as stored, and an end line. Event lines are written and read as
// text around the stored envelope, so its bytes pass through unchanged.
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  readonly 'writ-export': typeof EXPORT_VERSION;
  readonly ledgerId: string;
  /** Checkpoint origin `<host>/<ledgerId>`, when the log recorded a checkpoint. */
  readonly origin: string | null;
  /** Note verifier key of the ledger (informative: a verifier trusts --key, not this). */
  readonly verifierKey: string | null;
  /** First position exported, and the position after the last. */
  readonly from: number;
  readonly to: number;
  /** The latest checkpoint the log recorded covering at most `to` events (signed note), or null. */
  readonly checkpoint: string | null;
}

export interface ExportEnd {
  /** rootHash: the Merkle root over the exported events when the export starts at 0, else null. */
  readonly end: { readonly count: number; readonly rootHash: string | null };
}

const EVENT_PREFIX = /^\{"position":(0|[1-9][0-9]{0,15}),"envelope":/;

export const formatEventLine = (position: number, envelopeText: string): string => `{"position":${position},"envelope":${envelopeText}}`;

/** The position and exact envelope text of an event line; undefined if it is not one. */
export function parseEventLine(line: string): { position: number; text: string } | undefined {
  const m = EVENT_PREFIX.exec(line);
  if (m === null || !line.endsWith('}')) return undefined;
  return { position: Number(m[1]), text: line.slice(m[0].length, -1) };
}

export function parseHeader(line: string): ExportHeader | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const h = value as Partial<ExportHeader> | null;
  if (h === null || typeof h !== 'object' || h['writ-export'] !== EXPORT_VERSION) return undefined;
  if (typeof h.ledgerId !== 'string' || !Number.isSafeInteger(h.from) || !Number.isSafeInteger(h.to)) return undefined;
  return h as ExportHeader;
}

export function parseEnd(line: string): ExportEnd | undefined {
  if (!line.startsWith('{"end":')) return undefined;
  try {
    const e = JSON.parse(line) as ExportEnd;
    return Number.isSafeInteger(e.end?.count) && (typeof e.end.rootHash === 'string' || e.end.rootHash === null) ? e : undefined;
  } catch {
    return undefined;
  }
}
