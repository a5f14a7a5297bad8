#!/usr/bin/env node
// The `writ` command as a plain binary (`npx writ ...` from a checkout, or installed).
// It runs the compiled CLI in dist/; when dist/ is missing or older than the sources
// (right after `npm ci`, or after a pull) it builds it once first. Everything the build
// says goes to stderr, so stdout carries only the command's output (`--json | jq`).
'use strict';
const { ensureBuilt, entryOf, ROOT } = require('../scripts/dist');

const built = ensureBuilt(ROOT, { out: 2, say: () => process.stderr.write('writ: building dist/ once (it is missing or older than the sources)...\n') });
if (!built.ok) {
  process.stderr.write(`writ: cannot run: ${built.reason}; run \`npm run build\` to see why\n`);
  process.exitCode = 2;
} else {
  if (built.reason !== undefined) process.stderr.write(`writ: dist/ may be older than the sources (${built.reason}); running it anyway\n`);
  require(entryOf(ROOT));
}
