// The SDK runs in browsers and edge runtimes: nothing in its runtime import graph may
// need Node. This walks the graph from src/sdk/index.ts through every relative import
// (type-only imports are erased by the compiler and do not load anything), collects
// the packages it reaches, and scans each file for Node-only globals.
import { builtinModules } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const entry = join(root, 'src/sdk/index.ts');

/** Runtime specifiers of a TypeScript source: `import type` / `export type` lines are skipped. */
export function runtimeImports(source: string): string[] {
  const statements = /(?:^|\n|;)\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;
  const found: string[] = [];
  for (const m of source.matchAll(statements)) {
    if (m[4] !== undefined && m[2] === undefined && !onlyTypes(m[3]!)) found.push(m[4]);
    const other = m[5] ?? m[6] ?? m[7];
    if (other !== undefined) found.push(other);
  }
  return found;
}

/** `{ type A, type B }`: every named binding is a type, so nothing is loaded at run time. */
function onlyTypes(clause: string): boolean {
  const braces = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (braces === null) return false;
  const names = braces[1]!.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return names.length > 0 && names.every((n) => n.startsWith('type '));
}

function resolveRelative(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  const candidate = [`${base}.ts`, join(base, 'index.ts')].find(existsSync);
  if (candidate === undefined) throw new Error(`cannot resolve ${spec} from ${relative(root, from)}`);
  return candidate;
}

function walk(start: string): { files: string[]; packages: Set<string> } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of runtimeImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) queue.push(resolveRelative(file, spec));
      else packages.add(spec);
    }
  }
  return { files: [...seen].map((f) => relative(root, f)), packages };
}

const graph = walk(entry);
const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
/** The portable packages the SDK may load; anything new must be added here on purpose. */
const allowedPackages = [/^@noble\/ed25519$/, /^@noble\/hashes\/[a-z0-9]+\.js$/];

test('the graph really reaches the integrity core (so the checks below are not vacuous)', () => {
  for (const core of ['jcs', 'ed25519', 'statement', 'checkpoint', 'merkle', 'envelope']) {
    expect(graph.files.some((f) => f.startsWith(`src/integrity/${core}/`))).toBe(true);
  }
  expect(graph.files).toContain('src/sdk/client/transport.ts');
  expect(graph.packages.has('@noble/ed25519')).toBe(true);
});

test('no Node built-in module, and only portable packages', () => {
  const builtins = [...graph.packages].filter((p) => nodeBuiltins.has(p) || p.startsWith('node:'));
  expect(builtins).toEqual([]);
  expect([...graph.packages].filter((p) => !allowedPackages.some((re) => re.test(p)))).toEqual([]);
});

test("neither Node's verifier nor Node's SHA-256 is reached", () => {
  expect(graph.files.filter((f) => /node-verifier|sha256-node/.test(f))).toEqual([]);
});

test.each(graph.files)('%s uses no Node-only global (Buffer, process, __dirname, require)', (file) => {
  const code = stripComments(readFileSync(join(root, file), 'utf8'));
  expect(code.match(/\b(Buffer|process|__dirname|__filename|require|global)\b(?!\s*:)/g) ?? []).toEqual([]);
});

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

test('the scanner sees what it guards against and skips type-only imports', () => {
  const sample = [
    "import { a } from 'node:fs';",
    "import type { B } from '../domain/x';",
    "export type { C } from './c';",
    "import { type D, type E } from './types';",
    "import { type F, g } from './mixed';",
    "export * from './all';",
    "const h = require('crypto');",
    "import 'side-effect';",
    "const i = await import('./lazy');",
  ].join('\n');
  expect(runtimeImports(sample).sort()).toEqual(['./all', './lazy', './mixed', 'crypto', 'node:fs', 'side-effect'].sort());
  expect(stripComments("const x = 1; // process\n/* Buffer */ const u = 'http://x';")).not.toMatch(/process|Buffer/);
});
