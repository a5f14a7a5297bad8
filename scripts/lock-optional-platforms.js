#!/usr/bin/env node
// The npm registry mirror on our machines serves only the Linux builds of packages that
// ship one binary package per platform (@swc/core, jest's unrs-resolver). `npm install`
// then leaves the other platforms' optional packages out of package-lock.json, and
// `npm ci` refuses that lock ("Missing: ... from lock file"). This records each missing
// optional package in the lock by name and version; npm skips an optional package it
// cannot fetch or that does not fit the platform, so installs stay the same.
// Run after any `npm install` that changes the lock:  node scripts/lock-optional-platforms.js
const fs = require('node:fs');

const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
let added = 0;
for (const [path, pkg] of Object.entries(lock.packages)) {
  for (const [name, spec] of Object.entries(pkg.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
    lock.packages[`node_modules/${name}`] = { version: spec.replace(/^[^\d]*/, ''), ...(pkg.dev ? { dev: true } : {}), optional: true };
    added++;
  }
}
const byPath = ([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1);
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(byPath));
fs.writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`recorded ${added} optional platform package(s) the registry does not serve`);
