// Lets a worker thread started from the TypeScript sources load .ts modules (see
// src/integrity/worker-thread.ts): required first in the thread (`--require`), it
// compiles each .ts module with swc, with the options jest uses (swc-options.js), as
// Node loads it. Only tests run from the sources; built code (dist/) never loads this,
// and swc is a development dependency.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const OPTIONS = { ...require('./swc-options.js'), swcrc: false };

Module._extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...OPTIONS, filename });
  module._compile(code, filename);
};
