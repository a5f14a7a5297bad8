// export -> import -> verify gives the same root; a damaged export is refused and
// nothing is written.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { tempDir } from '../support/ledger-fixtures';
import { buildLedger, type BuiltLedger } from '../support/ledger-builder';
import { writ, type Report } from './cli-support';

installNodeSha256();

let built: BuiltLedger;
let out: string;

beforeAll(async () => {
  built = await buildLedger({ events: 120, agentsPerRound: 5, actionsPerAgent: 2 });
  out = join(tempDir(), 'ledger.ndjson');
  expect(writ('export', '--store', built.dataDir, '--out', out).code).toBe(0);
});

it('writes a header, one line per envelope exactly as stored, and an end line', () => {
  const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
  const header = JSON.parse(lines[0]!);
  expect(header).toMatchObject({ 'writ-export': 1, ledgerId: built.ledgerId, origin: built.origin, verifierKey: built.verifierKey, from: 0, to: built.size });
  expect(header.checkpoint).toContain(`${built.origin}\n`);
  expect(lines).toHaveLength(built.size + 2);
  expect(JSON.parse(lines[5]!)).toMatchObject({ position: 4, envelope: { v: 1 } });
  expect(JSON.parse(lines.at(-1)!)).toEqual({ end: { count: built.size, rootHash: built.checkpoint.rootHash } });
  expect(writ('export', '--store', built.dataDir, '--out', out).code).toBe(2); // never overwritten
});

it('export then import then verify gives the same root', () => {
  const verified = writ('verify', '--export', out, '--key', built.verifierKey, '--json');
  expect(verified.code).toBe(0);
  expect(verified.json<Report>()).toMatchObject({ ok: true, size: built.size, rootHash: built.checkpoint.rootHash });
  const dir = join(tempDir(), 'imported');
  const imported = writ('import', '--in', out, '--store', dir, '--json');
  expect(imported.code).toBe(0);
  expect(imported.json()).toMatchObject({ imported: true, rootHash: built.checkpoint.rootHash, dataDir: dir, store: join(dir, 'writ.db') });
  // A data directory holding the store (issue 19), never a bare file at the path given.
  expect(statSync(dir).isDirectory()).toBe(true);
  expect(readdirSync(dir)).toEqual(['writ.db']);
  const again = writ('verify', '--store', dir, '--json');
  expect(again.json<Report>()).toMatchObject({ ok: true, size: built.size, rootHash: built.checkpoint.rootHash });
  expect(writ('import', '--in', out, '--store', dir).code).toBe(2); // only into an empty store
  const file = join(tempDir(), 'a-file');
  writeFileSync(file, 'x');
  expect(writ('import', '--in', out, '--store', file).stderr).toMatch(/is not a directory/);
});

it('exports a range', () => {
  const part = join(tempDir(), 'part.ndjson');
  const run = writ('export', '--store', built.dataDir, '--out', part, '--from', '10', '--to', '20', '--json');
  expect(run.json()).toMatchObject({ from: 10, to: 20, count: 10, rootHash: null });
  const lines = readFileSync(part, 'utf8').trimEnd().split('\n');
  expect(JSON.parse(lines[1]!).position).toBe(10);
  expect(lines).toHaveLength(12);
  expect(writ('verify', '--export', part).code).toBe(2); // a range cannot be verified on its own
});

describe('a damaged export', () => {
  const damaged = (edit: (lines: string[]) => void): string => {
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    edit(lines);
    const file = join(tempDir(), 'damaged.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };

  it('is refused by import with the first bad position, and nothing is written', () => {
    const file = damaged((lines) => {
      lines[41] = lines[41]!.replace(/"hash":"./, '"hash":"_');
      lines[31] = lines[31]!.replace(/"recordedAt":"\d{4}/, '"recordedAt":"1999');
    });
    const dir = join(tempDir(), 'refused');
    const run = writ('import', '--in', file, '--store', dir, '--json');
    expect(run.code).toBe(1);
    expect(run.json<Report>().findings).toEqual([expect.objectContaining({ position: 30 })]);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('cut short (no end line) is caught', () => {
    const file = damaged((lines) => lines.splice(lines.length - 6));
    const run = writ('verify', '--export', file, '--json');
    expect(run.code).toBe(1);
    expect(run.json<Report>().findings).toEqual([expect.objectContaining({ code: 'verify.log_truncated' })]);
  });

  it('with a line that is not an event is an input error', () => {
    const file = damaged((lines) => lines.splice(3, 0, 'garbage'));
    expect(writ('verify', '--export', file).code).toBe(2);
  });
});
