#!/usr/bin/env node
// Builds @writ/sdk from the repository's one source tree: src/sdk and the pure
// src/domain, src/integrity and src/errors modules it imports are bundled in, so nothing
// is copied by hand and the package cannot drift from the server. esbuild writes an ESM
// and a CommonJS bundle per entry; TypeScript emits the declarations and
// rollup-plugin-dts rolls them into one self-contained .d.ts per entry (the same text
// serves as .d.mts and .d.cts: it has no relative imports left).
//
//   node packages/sdk/build.mjs              builds packages/sdk/dist (what `npm pack` ships)
//   node packages/sdk/build.mjs --out <dir>  writes a complete package to <dir> instead
//                                            (package.json, README.md, dist/), for tests
//
// Packages stay external and must be dependencies in package.json, with the same ranges
// as the root package.json: the build refuses otherwise.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const manifest = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Entry name -> source. The node entry reaches the portable SDK only through its index. */
const ENTRIES = { index: 'src/sdk/index.ts', node: 'src/sdk/node/index.ts', mcp: 'src/sdk/node/mcp-guard/index.ts' };
/** Entries for Node alone: they may import Node's own modules and are typed with @types/node. */
const NODE_ENTRIES = ['node', 'mcp'];
const PORTABLE_INDEX = resolve(root, ENTRIES.index);

function parseArgs(argv) {
  const at = argv.indexOf('--out');
  if (at < 0) return { out: here, staged: false };
  if (argv[at + 1] === undefined) throw new Error('--out needs a directory');
  return { out: resolve(argv[at + 1]), staged: true };
}

function checkDependencyRanges() {
  const wrong = Object.entries(declared).filter(([name, range]) => rootManifest.dependencies[name] !== range);
  if (wrong.length > 0) {
    const list = wrong.map(([name, range]) => `${name} ${range} (root: ${rootManifest.dependencies[name] ?? 'absent'})`).join(', ');
    throw new Error(`packages/sdk/package.json must use the root's dependency ranges: ${list}`);
  }
}

// In the node entry, an import of the portable index becomes an import of the package
// itself, so Node helpers share the one copy of WritClient and friends with the root
// entry instead of bundling a second one (two classes would not be interchangeable).
const selfReference = {
  name: 'writ-sdk-self-reference',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => {
      if (!args.importer.startsWith(join(root, 'src/sdk/node'))) return undefined;
      const target = resolve(args.resolveDir, args.path);
      return [PORTABLE_INDEX, PORTABLE_INDEX.replace(/\.ts$/, ''), dirname(PORTABLE_INDEX)].includes(target)
        ? { path: manifest.name, external: true }
        : undefined;
    });
  },
};

const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
// The MCP SDK and zod are optional peers: only the mcp entry uses them, and installing
// the SDK for anything else must not bring them.
const declared = { ...manifest.dependencies, ...manifest.peerDependencies };
const isDeclared = (spec) => typeof spec === 'string' && declared[packageOf(spec)] !== undefined;

async function bundleJs(dist) {
  const externals = new Set();
  for (const format of ['esm', 'cjs']) {
    const result = await build({
      entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, src]) => [name, join(root, src)])),
      outdir: dist,
      outExtension: { '.js': format === 'esm' ? '.mjs' : '.cjs' },
      bundle: true,
      format,
      platform: 'neutral',
      target: 'es2022',
      packages: 'external',
      plugins: [selfReference],
      sourcemap: true,
      metafile: true,
      legalComments: 'none',
      logLevel: 'warning',
    });
    for (const [file, output] of Object.entries(result.metafile.outputs)) {
      // Node's own modules are for the node entry alone (the MCP guard reads files and
      // serves HTTP); the portable entry must not import them.
      const nodeEntry = NODE_ENTRIES.some((name) => new RegExp(`(^|/)${name}\\.(mjs|cjs)$`).test(file));
      for (const imported of output.imports) if (imported.external && !(nodeEntry && imported.path.startsWith('node:'))) externals.add(imported.path);
    }
  }
  const undeclared = [...externals].filter((spec) => spec !== manifest.name && !isDeclared(spec));
  if (undeclared.length > 0) throw new Error(`the SDK imports packages it does not declare: ${undeclared.join(', ')}`);
}

/**
 * Declarations of the SDK's graph. The portable entry is checked without Node's types
 * (it must build for browsers); the node entry with them.
 */
function emitDeclarations(into) {
  emitDeclarationsOf([ENTRIES.index], [], into);
  emitDeclarationsOf(NODE_ENTRIES.map((name) => ENTRIES[name]), ['node'], into);
}

function emitDeclarationsOf(entries, types, into) {
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types,
    strict: true,
    skipLibCheck: true,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: join(root, 'src'),
    outDir: into,
  };
  const program = ts.createProgram(entries.map((src) => join(root, src)), options);
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...program.emit().diagnostics];
  if (diagnostics.length > 0) {
    const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
    throw new Error(`the SDK's declarations do not build:\n${ts.formatDiagnostics(diagnostics, host)}`);
  }
}

async function bundleTypes(declarations, dist) {
  for (const name of Object.keys(ENTRIES)) {
    const input = join(declarations, relative(join(root, 'src'), join(root, ENTRIES[name])).replace(/\.ts$/, '.d.ts'));
    const portable = join(declarations, 'sdk', 'index.d.ts');
    const bundle = await rollup({
      input,
      plugins: [...(name === 'index' ? [] : [typesSelfReference(portable)]), dts({ respectExternal: false })],
      onwarn: (warning) => {
        // A declared dependency's types stay an import of that package.
        if (warning.code === 'UNRESOLVED_IMPORT' && isDeclared(warning.exporter)) return;
        // Node's own types (from @types/node) stay imports in the node entry's declarations.
        if (warning.code === 'UNRESOLVED_IMPORT' && NODE_ENTRIES.includes(name) && String(warning.exporter).startsWith('node:')) return;
        throw new Error(`rolling up ${name}.d.ts: ${warning.message}`);
      },
    });
    const { output } = await bundle.generate({ format: 'es' });
    await bundle.close();
    const text = output[0].code;
    if (/from\s+['"]\.\.?\//.test(text)) throw new Error(`${name}.d.ts still has a relative import`);
    for (const ext of ['d.mts', 'd.cts']) writeFileSync(join(dist, `${name}.${ext}`), text);
  }
}

/** The selfReference rule above, for the node entry's declarations. */
function typesSelfReference(portable) {
  return {
    name: 'writ-sdk-self-reference-types',
    resolveId: (source, importer) => (importer !== undefined && resolveDeclaration(importer, source) === portable ? { id: manifest.name, external: true } : null),
  };
}

function resolveDeclaration(importer, id) {
  if (!id.startsWith('.')) return undefined;
  const base = resolve(dirname(importer), id);
  return [`${base}.d.ts`, join(base, 'index.d.ts')].find(existsSync);
}

function stageManifest(out) {
  // The staged copy is what gets packed: no build script (its build.mjs is not there).
  const { scripts: _scripts, ...staged } = manifest;
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(staged, null, 2)}\n`);
  copyFileSync(join(here, 'README.md'), join(out, 'README.md'));
}

async function main() {
  const { out, staged } = parseArgs(process.argv.slice(2));
  checkDependencyRanges();
  const dist = join(out, 'dist');
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  const declarations = mkdtempSync(join(tmpdir(), 'writ-sdk-dts-'));
  try {
    await bundleJs(dist);
    emitDeclarations(declarations);
    await bundleTypes(declarations, dist);
  } finally {
    rmSync(declarations, { recursive: true, force: true });
  }
  if (staged) stageManifest(out);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
