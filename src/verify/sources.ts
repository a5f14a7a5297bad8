// Where the verifier reads a log from: a SQLite store (opened read-only, so a running
// service is undisturbed) or an NDJSON export. Both are read in pages, never whole.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { LogLine } from './log-verifier';
import { parseEnd, parseEventLine, parseHeader, type ExportEnd, type ExportHeader } from './export-format';
import { lineBatches } from './line-reader';

export const PAGE = 2000;

/**
 * Envelopes per page read from a store. Small enough that a page is consumed before the
 * next young-generation collection: 2000 texts (about 3 MB) outlived two of them, so
 * were promoted only to die in the old generation (verify --store over 100k events: 14
 * full collections at 2000, 10 at 256, and 13 MiB less peak RSS).
 */
const EVENT_PAGE = 256;

/** The SQLite file of a data directory, or the file itself. */
export function storePath(path: string): string {
  return existsSync(path) && statSync(path).isDirectory() ? join(path, 'writ.db') : path;
}

export class InputError extends Error {}

/**
 * A store opened read-only. Raw reads of the events table: the verifier must see
 * exactly what is stored, gaps included, without the adapter's own assumptions.
 */
export class StoreReader {
  private readonly db: Database.Database;

  constructor(path: string) {
    const file = storePath(path);
    if (!existsSync(file)) throw new InputError(`no store at ${file}`);
    try {
      this.db = new Database(file, { readonly: true, fileMustExist: true });
      this.db.pragma('busy_timeout = 5000');
      this.db.prepare('SELECT position, data FROM events LIMIT 0').all();
    } catch (error) {
      throw new InputError(`${file} is not a Writ store: ${(error as Error).message}`);
    }
  }

  /** Pages of stored envelopes in position order from `from` (inclusive) to `to` (exclusive). */
  *pages(from = 0, to = Number.MAX_SAFE_INTEGER): Generator<(LogLine & { readonly hash: string })[]> {
    const read = this.db.prepare('SELECT position, data AS text, hash FROM events WHERE position >= ? AND position < ? ORDER BY position LIMIT ?');
    for (let at = from; ; ) {
      const rows = read.all(at, to, EVENT_PAGE) as (LogLine & { hash: string })[];
      if (rows.length === 0) return;
      yield rows;
      at = rows[rows.length - 1]!.position + 1;
    }
  }

  size(): number {
    return (this.db.prepare('SELECT coalesce(max(position) + 1, 0) AS n FROM events').get() as { n: number }).n;
  }

  /** Envelope hash (hex) of each event, in order (proofs). */
  *hashes(to = Number.MAX_SAFE_INTEGER): Generator<string> {
    const read = this.db.prepare('SELECT position, hash FROM events WHERE position >= ? AND position < ? ORDER BY position LIMIT ?');
    for (let at = 0; ; ) {
      const rows = read.all(at, to, PAGE) as { position: number; hash: string }[];
      if (rows.length === 0) return;
      for (const r of rows) yield r.hash;
      at = rows[rows.length - 1]!.position + 1;
    }
  }

  /** The latest recorded checkpoint covering at most `size` events, as its envelope text. */
  latestCheckpoint(before = Number.MAX_SAFE_INTEGER): { position: number; text: string } | undefined {
    return this.db
      .prepare("SELECT position, data AS text FROM events WHERE type = 'checkpoint.recorded' AND position < ? ORDER BY position DESC LIMIT 1")
      .get(before) as { position: number; text: string } | undefined;
  }

  first(): string | undefined {
    return (this.db.prepare('SELECT data FROM events WHERE position = 0').get() as { data: string } | undefined)?.data;
  }

  close(): void {
    this.db.close();
  }
}

export interface ExportReader {
  readonly header: ExportHeader;
  /** Pages of event lines; a malformed line throws an InputError naming its line number. */
  pages(): AsyncGenerator<LogLine[]>;
  /** The end line, once pages() is done (undefined: the file stops early). */
  end(): ExportEnd | undefined;
}

export async function openExport(path: string): Promise<ExportReader> {
  if (!existsSync(path)) throw new InputError(`no export at ${path}`);
  const batches = lineBatches(path);
  // The header's batch, then each later one as pages() asks for it.
  let batch = await batches.next();
  const header = batch.done ? undefined : parseHeader(batch.value[0]!);
  if (header === undefined) {
    await batches.return(undefined);
    throw new InputError(`${path} does not start with a writ-export header line`);
  }
  let end: ExportEnd | undefined;
  return {
    header,
    end: () => end,
    async *pages() {
      let lineNo = 1;
      // The rest of the header's batch, then every later batch.
      for (let lines = batch.value!.slice(1); ; ) {
        const page: LogLine[] = [];
        for (const line of lines) {
          lineNo++;
          if (end !== undefined) throw new InputError(`line ${lineNo}: nothing may follow the end line`);
          const event = parseEventLine(line);
          if (event !== undefined) {
            page.push(event);
            continue;
          }
          end = parseEnd(line);
          if (end === undefined && line.trim() !== '') throw new InputError(`line ${lineNo}: neither an event line nor the end line`);
        }
        if (page.length > 0) yield page;
        batch = await batches.next();
        if (batch.done) return;
        lines = batch.value;
      }
    },
  };
}
