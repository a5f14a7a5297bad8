// Issue 17 item 10: `writ` runs as a plain binary from a checkout. The package's bin
// entry, copied into a stand-in checkout whose TypeScript compiler is a stub (it counts
// builds, chatters on stdout like tsc does, and emits a CLI that echoes its arguments):
// right after `npm ci` (no dist/) it builds once, quietly, then runs the command; later
// calls run dist/ without building until a source changes; stdout carries only the
// command's output throughout, and the command's exit code is the process's.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { tempDir } from '../support/ledger-fixtures';
import { binEntry } from './cli-support';

const repo = resolve(__dirname, '../..');

const STUB_TSC = `
const fs = require('node:fs');
const path = require('node:path');
fs.appendFileSync('builds.log', 'build\\n');
console.log('tsc: chatter that must not reach stdout');
if (fs.existsSync('broken')) { console.log('src/a.ts(1,1): error TS1005'); process.exit(2); }
fs.mkdirSync(path.join('dist', 'src', 'cli'), { recursive: true });
fs.writeFileSync(path.join('dist', 'src', 'cli', 'main.js'),
  "process.stdout.write(JSON.stringify({ args: process.argv.slice(2) }) + '\\\\n'); process.exitCode = 3;\\n");
`;

/** A checkout as `npm ci` leaves it: sources, the bin entry and what it needs, no dist/. */
function checkout(): { root: string; bin: string } {
  const root = tempDir('writ-checkout-');
  const bin = join(root, relative(repo, binEntry()));
  mkdirSync(dirname(bin), { recursive: true });
  cpSync(binEntry(), bin);
  cpSync(join(repo, 'scripts'), join(root, 'scripts'), { recursive: true });
  for (const f of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) cpSync(join(repo, f), join(root, f));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 1;\n');
  mkdirSync(join(root, 'node_modules', 'typescript', 'bin'), { recursive: true });
  writeFileSync(join(root, 'node_modules', 'typescript', 'bin', 'tsc'), STUB_TSC);
  return { root, bin };
}

function run(c: { root: string; bin: string }, ...args: string[]) {
  const r = spawnSync(process.execPath, [c.bin, ...args], { cwd: c.root, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const builds = (root: string) => (existsSync(join(root, 'builds.log')) ? readFileSync(join(root, 'builds.log'), 'utf8').split('\n').filter(Boolean).length : 0);

/** An edit of a source after the last build (both moved into the past: no mtime lies ahead). */
function editAfterBuild(root: string, ago: number): void {
  const at = (s: number) => new Date(Date.now() - s * 1000);
  utimesSync(join(root, 'dist', '.build-stamp'), at(ago + 2), at(ago + 2));
  utimesSync(join(root, 'src', 'a.ts'), at(ago), at(ago));
}

it('right after npm ci: builds dist/ once, quietly (stderr), then runs the command; stdout is only its output', () => {
  const c = checkout();
  const first = run(c, 'checkpoint', '--json');
  expect(first.stdout).toBe('{"args":["checkpoint","--json"]}\n');
  expect(JSON.parse(first.stdout)).toEqual({ args: ['checkpoint', '--json'] });
  expect(first.code).toBe(3);
  expect(first.stderr).toContain('building dist/');
  expect(first.stderr).toContain('tsc: chatter');
  expect(builds(c.root)).toBe(1);

  const again = run(c, 'prove', 'inclusion', '--leaf', '1', '--json');
  expect([again.code, again.stdout, again.stderr]).toEqual([3, '{"args":["prove","inclusion","--leaf","1","--json"]}\n', '']);
  expect(builds(c.root)).toBe(1);
});

it('rebuilds once after a source changes, and runs nothing when the build fails', () => {
  const c = checkout();
  run(c, 'checkpoint');
  editAfterBuild(c.root, 10);
  expect(run(c, 'checkpoint').stdout).toBe('{"args":["checkpoint"]}\n');
  expect(builds(c.root)).toBe(2);
  expect(run(c, 'checkpoint').stderr).toBe('');
  expect(builds(c.root)).toBe(2);

  writeFileSync(join(c.root, 'broken'), '');
  editAfterBuild(c.root, 5);
  const failed = run(c, 'checkpoint', '--json');
  expect([failed.code, failed.stdout]).toEqual([2, '']);
  expect(failed.stderr).toContain('error TS1005');
  expect(failed.stderr).toContain('writ: cannot run');
});

it('a build interrupted earlier (its lock left behind, its process gone) does not block the next call', () => {
  const c = checkout();
  const gone = spawnSync(process.execPath, ['-e', '']).pid;
  mkdirSync(join(c.root, 'dist', '.build-lock'), { recursive: true });
  writeFileSync(join(c.root, 'dist', '.build-lock', 'pid'), String(gone));
  const started = Date.now();
  const r = run(c, 'verify', '--json');
  expect([r.code, r.stdout]).toEqual([3, '{"args":["verify","--json"]}\n']);
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(existsSync(join(c.root, 'dist', '.build-lock'))).toBe(false);
});
