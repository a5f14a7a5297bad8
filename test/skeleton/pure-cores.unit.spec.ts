// The domain and integrity cores (and the error codes they share) must stay pure:
// nothing from Nest, storage, GraphQL or the file system, so that the SDK, the
// offline verifier and the service all run the same rules. This scans imports.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const pureRoots = ['src/domain', 'src/integrity', 'src/errors'];
const forbidden = [
  /^@nestjs\//,
  /^better-sqlite3$/,
  /^@eventstore\//,
  /^graphql/,
  /^mercurius/,
  /^fastify/,
  /^(node:)?fs(\/promises)?$/,
  /^(node:)?(child_process|net|http|https|worker_threads)$/,
  /(^|\/)(storage|application|interface|cli)(\/|$)/,
];
/** The files allowed to use Node's crypto: the server-side Ed25519 and SHA-256 paths. */
const nodeCryptoAllowed = new Set(['src/integrity/ed25519/node-verifier.ts', 'src/integrity/sha256-node.ts']);
/**
 * The Ed25519 worker pool the service and the offline verifier share: Node's threads
 * and Node's crypto (it is the server-side Ed25519 path, on several threads), and
 * nothing else the cores may not import. The SDK never reaches it.
 */
const signaturePool = 'src/integrity/signature-pool/';
const allowedInSignaturePool = /^node:(worker_threads|crypto)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

export function importsOf(source: string): string[] {
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...source.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

const files = pureRoots.flatMap((r) => sourceFiles(join(root, r))).map((f) => relative(root, f));

test('the pure cores have source files to check', () => {
  expect(files.some((f) => f.startsWith('src/integrity/'))).toBe(true);
  expect(files.some((f) => f.startsWith('src/errors/'))).toBe(true);
});

test.each(files)('%s imports nothing from Nest, storage, GraphQL or fs', (file) => {
  const inPool = file.startsWith(signaturePool);
  const imports = importsOf(readFileSync(join(root, file), 'utf8')).filter((spec) => !(inPool && allowedInSignaturePool.test(spec)));
  const bad = imports.filter((spec) => forbidden.some((re) => re.test(spec)));
  const nodeCrypto = imports.filter((s) => /^(node:)?crypto$/.test(s));
  expect(bad).toEqual([]);
  if (!nodeCryptoAllowed.has(file)) expect(nodeCrypto).toEqual([]);
});

test('the signature pool is where the cores use threads, and it is there', () => {
  const threaded = files.filter((f) => importsOf(readFileSync(join(root, f), 'utf8')).includes('node:worker_threads'));
  expect(threaded.length).toBeGreaterThan(0);
  expect(threaded.filter((f) => !f.startsWith(signaturePool))).toEqual([]);
});

test('the scanner sees the import forms it guards against', () => {
  const sample = `import { A } from '@nestjs/common';\nexport * from "../storage/x";\nconst f = require('fs');\nawait import('node:fs');`;
  expect(importsOf(sample)).toEqual(['@nestjs/common', '../storage/x', 'fs', 'node:fs']);
});
