// The SDK package as another project gets it: built by packages/sdk/build.mjs into a
// temp directory (never into the checkout, so parallel runs do not race), packed by npm,
// and installed from the tarball into a scratch project whose dependencies come from
// the registry (or npm's cache: `npm ci` of this repository already fetched them).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../support/service-process';

export const root = repoRoot();
export const SDK_NAME = (JSON.parse(readFileSync(join(root, 'packages/sdk/package.json'), 'utf8')) as { name: string }).name;

export interface PackedSdk {
  readonly tarball: string;
  /** Paths inside the tarball, as npm lists them. */
  readonly files: readonly string[];
}

/** npm's own lifecycle variables would point a nested npm at this repository. */
function childEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_(package_|lifecycle_|config_(local_)?prefix$)/i.test(k)));
  return { ...env, ...extra };
}

export function run(command: string, args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): string {
  return execFileSync(command, args, { cwd, env: childEnv(env), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

/** Runs a command expected to fail; its exit status and everything it printed. */
export function runFailing(command: string, args: readonly string[], cwd: string): { status: number | null; output: string } {
  try {
    const out = run(command, args, cwd);
    return { status: 0, output: out };
  } catch (error) {
    const e = error as { status: number | null; stdout?: string; stderr?: string };
    return { status: e.status, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

export function buildAndPack(work: string): PackedSdk {
  const staged = join(work, 'package');
  run(process.execPath, [join(root, 'packages/sdk/build.mjs'), '--out', staged], root);
  const packed = JSON.parse(run('npm', ['pack', staged, '--pack-destination', work, '--json'], work)) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(work, packed[0]!.filename), files: packed[0]!.files.map((f) => f.path) };
}

/** A scratch project with the tarball installed; its directory. */
export function installInScratchProject(work: string, tarball: string): string {
  const dir = join(work, 'consumer');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'sdk-consumer', version: '1.0.0', private: true }, null, 2)}\n`);
  run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  return dir;
}

/** Runs the repository's TypeScript compiler on a project in `dir`. */
export function tsc(dir: string, project: string): { status: number | null; output: string } {
  return runFailing(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, project)], dir);
}

/** The first ```ts block under a `## <heading>` of a Markdown file, as written. */
export function markdownCodeBlock(file: string, heading: string): string {
  const text = readFileSync(file, 'utf8');
  const section = text.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
  const block = section === undefined ? null : /^```ts\n([\s\S]*?)^```$/m.exec(section);
  if (block === null) throw new Error(`no ts block under "## ${heading}" in ${file}`);
  return block[1]!;
}
