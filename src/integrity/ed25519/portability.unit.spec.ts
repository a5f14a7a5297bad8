// The SDK imports the portable index in browsers: nothing it reaches may need Node.
// Only node-verifier.ts, sodium-key-check.ts and sodium-native.ts may, and nothing portable may import them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as portable from '.';

const dir = __dirname;
const nodeOnly = ['node-verifier.ts', 'sodium-key-check.ts', 'sodium-native.ts'];
const portableFiles = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !nodeOnly.includes(f))
  .sort();

test('the portable files are the ones expected', () => {
  expect(portableFiles).toEqual([
    'index.ts', 'keys.ts', 'noble-verifier.ts', 'public-key.ts', 'signature-shape.ts', 'verifier.ts',
  ]);
});

const specifiers = (source: string): string[] =>
  [...source.matchAll(/\bfrom\s*['"]([^'"]+)['"]|\b(?:import|require)\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]!);

test.each(portableFiles)('%s imports no node: module and not the Node verifier, and uses no Buffer', (file) => {
  const source = readFileSync(join(dir, file), 'utf8');
  const imports = specifiers(source);
  expect(imports.length).toBeGreaterThan(0);
  expect(imports.filter((s) => /^node:|^crypto$|node-verifier/.test(s))).toEqual([]);
  expect(source.replace(/\/\/.*$/gm, '')).not.toMatch(/\bBuffer\b/);
});

test('the import scan sees the forms it guards against', () => {
  const sample = `import { x } from 'node:crypto';\nexport { y } from "./node-verifier";\nrequire('crypto');`;
  expect(specifiers(sample)).toEqual(['node:crypto', './node-verifier', 'crypto']);
});

test('the portable index exports exactly the portable API', () => {
  expect(Object.keys(portable).sort()).toEqual(
    ['checkPublicKey', 'generateKeyPair', 'keyPairFromSeed', 'nobleVerifier', 'sign', 'verifyDetached'],
  );
});
