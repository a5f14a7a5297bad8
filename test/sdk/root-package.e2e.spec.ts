// Importing the root `writ` package is harmless: it is the SDK, and only `npm start` (or
// `node dist/src/main.js`) starts the service. A project that depends on `writ` (here a
// scratch directory whose node_modules/writ links to this checkout) imports and requires
// it; the process must end on its own (a listening server would keep it alive) and leave
// its directory as it was (the service would create ./data with key files).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sources from '../../src/sdk';
import { repoRoot } from '../support/service-process';

let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'writ-root-import-'));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(repoRoot(), join(project, 'node_modules', 'writ'), 'dir');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

const PRINT = 'JSON.stringify({ root: Object.keys(root).sort(), sdk: Object.keys(sdk).sort() })';

test.each([
  ['require', ['-e', `const root = require('writ'); const sdk = require('writ/sdk'); console.log(${PRINT});`]],
  ['import', ['--input-type=module', '-e', `import * as root from 'writ'; import * as sdk from 'writ/sdk'; console.log(${PRINT});`]],
])('%s of the root package gives the SDK, starts no server and writes nothing', (_how, args) => {
  // Were the service to start, these keep it on loopback and a free port.
  const env: NodeJS.ProcessEnv = { ...process.env, WRIT_PORT: '0', WRIT_HOST: '127.0.0.1' };
  delete env['WRIT_DATA_DIR'];
  const child = spawnSync(process.execPath, args, { cwd: project, env, encoding: 'utf8', timeout: 15_000 });
  expect({ status: child.status, signal: child.signal, stderr: child.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
  const printed = JSON.parse(child.stdout) as { root: string[]; sdk: string[] };
  const exported = Object.keys(sources).filter((k) => k !== '__esModule');
  expect(printed.root).toEqual(expect.arrayContaining(exported));
  expect(printed.root).toEqual(printed.sdk);
  expect(readdirSync(project)).toEqual(['node_modules']);
});
