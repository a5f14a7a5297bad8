#!/usr/bin/env node
// dist/ and whether it is up to date with the sources. `npm run build`, the `writ`
// launcher (bin/writ.js) and the tests' global set-up share this, so a build made by
// any of them counts for the others and none of them rebuilds what is fresh.
//
// dist/.build-stamp is written after every successful build with the time the build
// started: dist is fresh when the stamp is no older than the newest source file (an
// edit made during a build leaves it stale) and the CLI's entry point exists. Where Vite
// is installed (a checkout with its dev dependencies), the build also type-checks and
// bundles the auditor console (console/ -> dist/console), and dist is fresh only with it;
// where GraphiQL is installed it lays out /graphiql (graphiql/ and GraphiQL's and React's
// own UMD files -> dist/graphiql), so the page needs no CDN.
// Run directly (`node scripts/dist.js`) it builds unconditionally.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SOURCES = ['src', 'bench', 'console', 'graphiql', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
/** A build lock older than this was left by a build that died. */
const STALE_LOCK_MS = 10 * 60 * 1000;

const stampOf = (root) => path.join(root, 'dist', '.build-stamp');
const entryOf = (root) => path.join(root, 'dist', 'src', 'cli', 'main.js');
const consoleOf = (root) => path.join(root, 'dist', 'console', 'index.html');
const graphiqlOf = (root) => path.join(root, 'dist', 'graphiql', 'index.html');

/** The files GraphiQL's page loads, from their npm packages (dev dependencies). */
const GRAPHIQL_FILES = [
  ['graphiql', 'graphiql.min.js'],
  ['graphiql', 'graphiql.min.css'],
  ['react', 'umd/react.production.min.js'],
  ['react-dom', 'umd/react-dom.production.min.js'],
];

function packageDirOf(root, name) {
  try {
    return path.dirname(require.resolve(`${name}/package.json`, { paths: [root] }));
  } catch {
    return undefined;
  }
}

function newest(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0; // an installed copy may ship without sources
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(file).reduce((m, name) => Math.max(m, newest(path.join(file, name))), 0);
}

function isFresh(root = ROOT) {
  try {
    const stamp = fs.statSync(stampOf(root)).mtimeMs;
    const consoleBuilt = viteOf(root) === undefined || fs.existsSync(consoleOf(root));
    const graphiqlBuilt = packageDirOf(root, 'graphiql') === undefined || fs.existsSync(graphiqlOf(root));
    return fs.existsSync(entryOf(root)) && consoleBuilt && graphiqlBuilt && stamp >= Math.max(...SOURCES.map((s) => newest(path.join(root, s))));
  } catch {
    return false;
  }
}

function compilerOf(root) {
  try {
    return require.resolve('typescript/bin/tsc', { paths: [root] });
  } catch {
    return undefined;
  }
}

function viteOf(root) {
  try {
    // vite's exports map hides bin/: find its package.json and go from there.
    return path.join(path.dirname(require.resolve('vite/package.json', { paths: [root] })), 'bin', 'vite.js');
  } catch {
    return undefined;
  }
}

/** Type-checks the console (strict, its own tsconfig) and bundles it with Vite. */
function buildConsole(root, tsc, out) {
  const vite = viteOf(root);
  if (vite === undefined || !fs.existsSync(path.join(root, 'console', 'index.html'))) return true;
  const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', out, out] }).status === 0;
  return run([tsc, '-p', path.join(root, 'console', 'tsconfig.json')]) && run([vite, 'build', path.join(root, 'console')]);
}

/** Lays out dist/graphiql: the page and its script, and the UMD files they load. */
function buildGraphiql(root) {
  if (packageDirOf(root, 'graphiql') === undefined) return true;
  const out = path.join(root, 'dist', 'graphiql');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const name of ['index.html', 'start.js']) fs.copyFileSync(path.join(root, 'graphiql', name), path.join(out, name));
  for (const [pkg, file] of GRAPHIQL_FILES) {
    const dir = packageDirOf(root, pkg);
    if (dir === undefined) return false;
    fs.copyFileSync(path.join(dir, file), path.join(out, path.basename(file)));
  }
  return true;
}

/**
 * Compiles with tsc (and the console with Vite). Its report goes to `out` (a file descriptor: the launcher passes
 * stderr, so stdout carries only the command's output). Returns whether it succeeded.
 */
function build(root = ROOT, out = 1) {
  const tsc = compilerOf(root);
  if (tsc === undefined) return false;
  const started = new Date();
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: ['ignore', out, out] });
  if (r.status !== 0 || !buildConsole(root, tsc, out) || !buildGraphiql(root)) return false;
  fs.writeFileSync(stampOf(root), `${started.toISOString()}\n`);
  fs.utimesSync(stampOf(root), started, started);
  return true;
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds unless fresh; one build at a time across processes (a lock directory), the
 * others wait for it and use what it built. `say` tells a person, once, why they wait.
 */
function ensureBuilt(root = ROOT, { out = 1, say = () => {} } = {}) {
  if (isFresh(root)) return { ok: true, built: false };
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  const lock = path.join(root, 'dist', '.build-lock');
  let said = false;
  const tell = () => {
    if (!said) say();
    said = true;
  };
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A build interrupted (Ctrl-C) leaves its lock behind: its process is gone.
      if (abandoned(lock)) {
        fs.rmSync(lock, { recursive: true, force: true });
      } else {
        tell();
        sleep(200);
      }
    }
  }
  try {
    if (isFresh(root)) return { ok: true, built: false };
    if (compilerOf(root) === undefined) return { ok: fs.existsSync(entryOf(root)), built: false, reason: 'TypeScript is not installed' };
    tell();
    return build(root, out) ? { ok: true, built: true } : { ok: false, built: false, reason: 'the TypeScript build failed' };
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function abandoned(lock) {
  let since;
  try {
    since = fs.statSync(lock).mtimeMs;
  } catch {
    return false; // released meanwhile
  }
  if (Date.now() - since > STALE_LOCK_MS) return true;
  let pid;
  try {
    pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
  } catch {
    return false; // being taken right now
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return error.code === 'ESRCH';
  }
}

module.exports = { isFresh, build, ensureBuilt, entryOf, ROOT };

if (require.main === module) process.exitCode = build(ROOT) ? 0 : 1;
