// The SDK as another project installs it: packages/sdk is built and packed, the tarball
// is installed into a scratch project, and that project uses it the ways users do:
// Node's `import` and `require`, TypeScript under strict settings, a browser bundle, and
// the README's quick start run as written against a service on a fresh ledger.
import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { webcrypto } from 'node:crypto';
import { build } from 'esbuild';
import ts from 'typescript';
import * as sources from '../../src/sdk';
import { exportKeys, keysFromSeed, readTokenSource, sign, statements, WritClient } from '../../src/sdk';
import { ServiceWorld } from '../authorization/support/service-world';
import { startService, type ServiceProcess } from '../support/service-process';
import { buildAndPack, installInScratchProject, markdownCodeBlock, root, run, runFailing, SDK_NAME, tsc, type PackedSdk } from './support/packed-sdk';

let work: string;
let packed: PackedSdk;
let consumer: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'writ-sdk-package-'));
  packed = buildAndPack(work);
  consumer = installInScratchProject(work, packed.tarball);
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const write = (name: string, text: string) => writeFileSync(join(consumer, name), text);

// One statement with everything fixed, so every way of loading the SDK must sign the same bytes.
const FIXED = `
const keys = keysFromSeed(new Uint8Array(32).fill(7));
const context = { ledgerId: 'ledger-1', actor: 'human-1', nonce: 'nonce-1', issuedAt: '2026-01-01T00:00:00.000Z' };
const signed = sign(statements.registerPrincipal({ principalId: 'p-1', kind: 'human', name: 'P', publicKey: keys }, context), keys);
const fresh = generateKeys();
const again = importKeys(exportKeys(fresh, 'human-1'));
const roundTrip = again.ok && again.value.id === 'human-1' && again.value.publicKeyBase64Url === fresh.publicKeyBase64Url;
const result = { signature: signed.signature, roundTrip, exports: Object.keys(sdk).sort() };
`;
const IMPORTS = 'generateKeys, keysFromSeed, sign, statements, importKeys, exportKeys';
const fixedKeys = keysFromSeed(new Uint8Array(32).fill(7));
const fixedContext = { ledgerId: 'ledger-1', actor: 'human-1', nonce: 'nonce-1', issuedAt: '2026-01-01T00:00:00.000Z' };
const expected = {
  signature: sign(statements.registerPrincipal({ principalId: 'p-1', kind: 'human', name: 'P', publicKey: fixedKeys.publicKeyBase64Url }, fixedContext), fixedKeys).signature,
  roundTrip: true,
  // Every runtime export of the sources, and nothing else.
  exports: Object.keys(sources).filter((k) => k !== '__esModule').sort(),
};

test('the tarball holds the three entries in both formats with their types, and the README: no sources, no server', () => {
  const entries = ['index', 'node', 'mcp'].flatMap((e) => ['mjs', 'cjs', 'd.mts', 'd.cts'].map((ext) => `dist/${e}.${ext}`));
  expect(packed.files).toEqual(expect.arrayContaining([...entries, 'README.md', 'package.json']));
  expect(packed.files.filter((f) => !entries.includes(f) && !/^dist\/(index|node|mcp)\.(mjs|cjs)\.map$/.test(f))).toEqual(['README.md', 'package.json']);
});

test('installing it brings only what it uses: no Nest, no SQLite, no server', () => {
  const installed = readdirSync(join(consumer, 'node_modules'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .flatMap((d) => (d.name.startsWith('@') ? readdirSync(join(consumer, 'node_modules', d.name)).map((n) => `${d.name}/${n}`) : [d.name]));
  expect(installed.sort()).toEqual(['@noble/ed25519', '@noble/hashes', SDK_NAME, 'undici'].sort());
});

test('Node imports it as ESM and requires it as CommonJS, and both sign the bytes the sources sign', () => {
  write('esm.mjs', `import * as sdk from '${SDK_NAME}';\nimport { ${IMPORTS} } from '${SDK_NAME}';\nimport { nodeHttpFetch } from '${SDK_NAME}/node';\n${FIXED}\nconsole.log(JSON.stringify({ ...result, node: typeof nodeHttpFetch() }));\n`);
  write('cjs.cjs', `const sdk = require('${SDK_NAME}');\nconst { ${IMPORTS} } = sdk;\nconst { nodeHttpFetch } = require('${SDK_NAME}/node');\n${FIXED}\nconsole.log(JSON.stringify({ ...result, node: typeof nodeHttpFetch() }));\n`);
  for (const file of ['esm.mjs', 'cjs.cjs']) {
    const printed = JSON.parse(run(process.execPath, [file], consumer)) as Record<string, unknown>;
    expect(printed).toEqual({ ...expected, node: 'function' });
  }
});

const STRICT = { strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, skipLibCheck: false, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext' };
const tsconfig = (files: string[], more: object = { lib: ['es2023', 'dom'], types: [] }) =>
  `${JSON.stringify({ compilerOptions: { ...STRICT, ...more }, files }, null, 2)}\n`;

const TYPED = `import { generateKeys, sign, statements, WritClient, type AuthorizeAnswer, type Result, type WritKeys } from '${SDK_NAME}';
import { nodeHttpFetch } from '${SDK_NAME}/node';
const keys: WritKeys = generateKeys();
const context = { ledgerId: 'ledger-1', actor: 'agent-1' };
const signed = sign(statements.authorize({ requestId: 'r-1', credentialId: 'c-1', action: 'create', resource: 'erp://po/orders/1', taskId: 't' }, context), keys);
const client = new WritClient({ url: 'http://127.0.0.1:9', ledgerId: 'ledger-1', fetch: nodeHttpFetch(), retries: 0 });
export async function decide(): Promise<AuthorizeAnswer['decision'] | string[]> {
  const answer: Result<AuthorizeAnswer> = await client.authorize(signed);
  return answer.ok ? answer.value.decision : answer.problems.map((p) => \`\${p.code} at \${p.path}\`);
}
`;

test('TypeScript checks a consumer against its types, through import and require, under strict settings', () => {
  write('typed.mts', TYPED);
  write('typed.cts', TYPED);
  write('tsconfig.json', tsconfig(['typed.mts', 'typed.cts']));
  expect(tsc(consumer, 'tsconfig.json')).toEqual({ status: 0, output: '' });
});

test('the types are real: misuse is a compile error, not any', () => {
  write('wrong.mts', `import { generateKeys, sign, statements } from '${SDK_NAME}';
const context = { ledgerId: 'ledger-1', actor: 'agent-1' };
statements.authorize({ requestId: 'r-1', credentialId: 'c-1', action: 'create', resource: 'erp://po/orders/1', taskId: 't', amount: 'ten' }, context);
sign(statements.suspendAgent({ agentId: 'a-1' }, context), generateKeys().publicKeyBase64Url);
`);
  write('tsconfig.wrong.json', tsconfig(['wrong.mts']));
  const checked = tsc(consumer, 'tsconfig.wrong.json');
  expect(checked.status).not.toBe(0);
  expect(checked.output).toMatch(/wrong\.mts\(3,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
  expect(checked.output).toMatch(/wrong\.mts\(4,\d+\): error TS2345/);
});

test('a browser bundle of the root entry needs no Node built-in and runs with web globals only', async () => {
  write('browser.mjs', `import * as sdk from '${SDK_NAME}';\nimport { ${IMPORTS} } from '${SDK_NAME}';\n${FIXED}\nglobalThis.result = result;\n`);
  const bundled = await build({ entryPoints: [join(consumer, 'browser.mjs')], absWorkingDir: consumer, bundle: true, platform: 'browser', format: 'iife', write: false, metafile: true, logLevel: 'silent' });
  const inputs = Object.keys(bundled.metafile.inputs);
  expect(inputs.filter((f) => !/^(browser\.mjs|node_modules\/(@writ\/sdk|@noble\/(ed25519|hashes))\/)/.test(f))).toEqual([]);
  // A fresh realm: no require, process, Buffer or Node module; only what a browser has.
  const browser: Record<string, unknown> = { crypto: { getRandomValues: <T extends ArrayBufferView>(a: T) => webcrypto.getRandomValues(a as never) }, TextEncoder, TextDecoder };
  runInNewContext(bundled.outputFiles[0]!.text, browser);
  expect(browser['result']).toEqual(expected);
});

test('the node and mcp entries share the root entry instead of bundling a second copy of it', () => {
  for (const entry of ['node', 'mcp']) {
    for (const ext of ['mjs', 'cjs']) {
      const code = readFileSync(join(consumer, 'node_modules', SDK_NAME, 'dist', `${entry}.${ext}`), 'utf8');
      expect(code).not.toMatch(/class WritClient|writ-ed25519|@noble\//);
    }
  }
});

test('the node entry loads without the MCP SDK, which only the mcp entry needs (an optional peer)', () => {
  write('node-entry.cjs', `const node = require('${SDK_NAME}/node');\nconsole.log(typeof node.nodeHttpFetch);\n`);
  expect(run(process.execPath, ['node-entry.cjs'], consumer)).toBe('function\n');
  write('mcp-entry.cjs', `require('${SDK_NAME}/mcp');\n`);
  expect(runFailing(process.execPath, ['mcp-entry.cjs'], consumer)).toMatchObject({ status: 1, output: expect.stringMatching(/Cannot find module '@modelcontextprotocol\/sdk/) });
});

describe('the README quick start, run as written', () => {
  let service: ServiceProcess;
  let world: ServiceWorld;

  beforeAll(async () => {
    service = await startService({ env: { WRIT_DURABILITY: 'normal' } });
    world = new ServiceWorld(service);
    await world.procurement();
  }, 60_000);
  afterAll(() => service?.destroy());

  test('from the key file to an allowed decision that is in the log and verified offline', async () => {
    const code = markdownCodeBlock(join(root, 'packages/sdk/README.md'), 'Quick start');
    write('quick-start.mts', code);
    write('tsconfig.quick-start.json', tsconfig(['quick-start.mts'], { lib: ['es2023'], types: ['node'], typeRoots: [join(root, 'node_modules/@types')] }));
    expect(tsc(consumer, 'tsconfig.quick-start.json')).toEqual({ status: 0, output: '' });
    write('quick-start.mjs', ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
    writeFileSync(join(consumer, 'agent.key.json'), exportKeys(world.agent.keys, world.agent.id), { mode: 0o600 });

    const printed = run(process.execPath, ['quick-start.mjs'], consumer, {
      WRIT_URL: service.url,
      WRIT_LEDGER_ID: service.ledgerId,
      WRIT_VERIFIER_KEY: service.verifierKey,
      WRIT_DELEGATION_ID: world.dProc,
    });
    const [decision, recorded] = printed.trim().split('\n');
    expect(decision!.trim()).toBe('allowed');
    const leaf = Number(/^recorded at leaf (\d+) of \d+$/.exec(recorded!)?.[1]);

    // The service's own record agrees: that leaf is the agent's authorized action.
    const reader = new WritClient({ url: service.url, ledgerId: service.ledgerId, token: readTokenSource({ principalId: world.admin.id, ledgerId: service.ledgerId, seed: world.admin.keys }) });
    const event = await reader.event(leaf);
    expect(event.ok && event.value).toMatchObject({ type: 'action.authorized', stream: `actions-${world.agent.id}` });
  });
});
