// A history rewritten as a whole: every event well signed, the chain whole, but not the
// log a reader saw before. Only a trusted checkpoint kept from that earlier look can
// tell; verify names the size at which the roots part.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { tempDir } from '../support/ledger-fixtures';
import { builderActor, buildLedger, type BuiltLedger } from '../support/ledger-builder';
import { writ, type Report } from './cli-support';

installNodeSha256();

let original: BuiltLedger;
let fork: BuiltLedger;
let trusted: string;

beforeAll(async () => {
  original = await buildLedger({ events: 100, agentsPerRound: 5, actionsPerAgent: 1 });
  // Another history under the same ledger id, signed by the same (real) ledger key.
  fork = await buildLedger({ events: 130, agentsPerRound: 4, actionsPerAgent: 2, ledgerId: original.ledgerId, ledger: original.ledger });
  trusted = join(tempDir(), 'trusted.note');
  writeFileSync(trusted, original.checkpoint.note);
});

it('the forked history verifies on its own, under the real ledger key', () => {
  expect(fork.verifierKey).toBe(original.verifierKey);
  expect(writ('verify', '--store', fork.dataDir, '--key', original.verifierKey).code).toBe(0);
});

it('but not against the checkpoint a reader kept from the original', () => {
  const run = writ('verify', '--store', fork.dataDir, '--key', original.verifierKey, '--checkpoint', trusted, '--json');
  expect(run.code).toBe(1);
  const report = run.json<Report>();
  expect(report.findings).toEqual([expect.objectContaining({ position: original.checkpoint.treeSize - 1, code: 'verify.log_forked' })]);
  expect(report.trustedCheckpoint).toMatchObject({ size: original.checkpoint.treeSize, contained: false });
  expect(writ('verify', '--store', fork.dataDir, '--checkpoint', trusted).stdout).toContain('NOT contained');
});

it('a ledger whose genesis key is not the trusted key', () => {
  const run = writ('verify', '--store', original.dataDir, '--key', builderActor('other').publicKey, '--json');
  expect(run.code).toBe(1);
  expect(run.json<Report>().findings).toEqual([expect.objectContaining({ position: 0, code: 'verify.untrusted_key' })]);
});

it('a trusted checkpoint whose signature is not the ledger key fails verification', () => {
  const stranger = join(tempDir(), 'stranger.note');
  writeFileSync(stranger, readFileSync(trusted, 'utf8').replace(/\n— .*\n$/s, '\n— writ.test/x AAAA\n'));
  const run = writ('verify', '--store', original.dataDir, '--checkpoint', stranger, '--json');
  expect(run.code).toBe(1);
  expect(run.json<Report>().findings[0]?.code).toMatch(/^note\./);
});

it('a flipped byte in an export is named at its position', () => {
  const out = join(tempDir(), 'x.ndjson');
  expect(writ('export', '--store', original.dataDir, '--out', out).code).toBe(0);
  const lines = readFileSync(out, 'utf8').split('\n');
  lines[21] = lines[21]!.replace(/"signature":"(.)/, (_, c: string) => `"signature":"${c === 'A' ? 'B' : 'A'}`);
  writeFileSync(out, lines.join('\n'));
  const run = writ('verify', '--export', out, '--json');
  expect(run.code).toBe(1);
  expect(run.json<Report>().findings).toEqual([expect.objectContaining({ position: 20, code: 'envelope.bad_hash' })]);
});
