// A bulk load whose rows a second thread writes gives the same file, row for row, as the
// same load written inline, on the bench's generated ledger: with the head cache large,
// and small enough that heads are stored and read back from the file mid-load (which
// makes the evolving thread wait for the writer). A failure on the writer thread is thrown
// by the load, never ends in a file that claims a position; nor does a writer thread that
// cannot open its file. settle() waits for the page the thread is still writing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generate } from '../../../bench/read-models.bench';
import type { RecordedEvent } from '../../domain';
import { BulkWriter } from './bulk-writer';
import { ProjectionStore } from './projection-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'writ-bulk-writer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function ledger(total: number): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  const pages = generate(total);
  for (let step = pages.next(); !step.done; step = pages.next()) out.push(...step.value);
  return out;
}

/** Every table in key order, and the schema (the indexes built at the end). */
function dump(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    return {
      schema: db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all(),
      ...Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY ${t === 'chain_hops' ? '1, 2, 3' : '1, 2'}`).all()])),
    };
  } finally {
    db.close();
  }
}

function build(path: string, events: readonly RecordedEvent[], writer: 'thread' | 'inline', headCacheRows: number): void {
  const store = new ProjectionStore(path, { bulk: true, writer, headCacheRows });
  for (let i = 0; i < events.length; i += 5_000) store.apply(events.slice(i, i + 5_000));
  store.finishBulk();
  store.close();
}

const events = ledger(30_000);

test.each([200_000, 500])('the writer thread writes the same rows as writing inline (head cache %i rows)', (headCacheRows) => {
  build(join(dir, 'inline.db'), events, 'inline', headCacheRows);
  build(join(dir, 'thread.db'), events, 'thread', headCacheRows);
  const inline = dump(join(dir, 'inline.db'));
  expect(inline['events']).toHaveLength(events.length);
  expect(dump(join(dir, 'thread.db'))).toEqual(inline);
});

test('a statement that fails on the writer thread fails the load', () => {
  const path = join(dir, 'bad.db');
  const store = new ProjectionStore(path, { bulk: true });
  store.apply(events.slice(0, 100));
  // The writer thread's own failure, thrown at the next sync and at every call after it.
  const writer = new BulkWriter(path, ['journal_mode = OFF']);
  writer.rows('no_such_table', ['a'], [1], 1);
  expect(() => writer.sync()).toThrow(/bulk writer failed: .*no such table/);
  expect(() => writer.rows('events', ['position'], [1], 1)).toThrow(/bulk writer failed/);
  expect(() => writer.close()).toThrow(/bulk writer failed/);
  // A gap fails the load on the evolving side: the file stays without a position.
  expect(() => store.apply([{ ...events[200]!, position: events[200]!.position }])).toThrow(/expected position 100/);
  expect(() => store.finishBulk()).toThrow(/expected position 100/);
  store.close();
  const db = new Database(path, { readonly: true });
  expect(db.prepare("SELECT value FROM meta WHERE key = 'position'").get()).toBeUndefined();
  db.close();
});

test('after settle, every page applied is in the file (apply does not wait for the last page)', () => {
  const path = join(dir, 'settle.db');
  const store = new ProjectionStore(path, { bulk: true });
  for (let i = 0; i < 3_000; i += 1_000) store.apply(events.slice(i, i + 1_000));
  store.settle();
  // The writer thread committed: another connection reads every row applied.
  const db = new Database(path, { readonly: true });
  expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(3_000);
  db.close();
  store.finishBulk();
  store.close();
});

test('a failure in a page committed without waiting is thrown by a later call', () => {
  const path = join(dir, 'late.db');
  new ProjectionStore(path, { bulk: true, writer: 'inline' }).close();
  const writer = new BulkWriter(path, ['journal_mode = OFF']);
  writer.rows('no_such_table', ['a'], [1], 1);
  // commit() may or may not have heard of it yet; the next wait has.
  expect(() => {
    writer.commit();
    writer.sync();
  }).toThrow(/bulk writer failed: .*no such table/);
  expect(() => writer.commit()).toThrow(/bulk writer failed/);
  expect(() => writer.close()).toThrow(/bulk writer failed/);
});

test('a writer thread that cannot open its file fails the load instead of leaving it waiting', () => {
  const writer = new BulkWriter(join(dir, 'no-such-dir', 'r.db'), ['journal_mode = OFF']);
  expect(() => {
    writer.rows('events', ['position'], [1], 1);
    writer.sync();
  }).toThrow(/bulk writer failed: .*directory does not exist/);
  expect(() => writer.close()).toThrow(/bulk writer failed/);
});
