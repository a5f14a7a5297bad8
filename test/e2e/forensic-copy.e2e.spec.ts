// Issue 19, forensic copies, through the doors an auditor uses: `writ export` of a live
// ledger, `writ import` into a new data directory, the service serving that copy
// read-only (WRIT_READ_ONLY=1, and `writ serve --read-only`), read tokens from
// `writ token`, GraphQL and the public HTTP reads.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importJWK, jwtVerify } from 'jose';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { formatKeyFile } from '../../src/sdk/key-file';
import { importKeys, sign, statements, uuidv7 } from '../../src/sdk';
import { binEntry, writ } from '../cli/cli-support';
import { buildLedger, type BuiltLedger } from '../support/ledger-builder';
import { tempDir } from '../support/ledger-fixtures';
import { startService, type ServiceProcess } from '../support/service-process';
import { clientFor, codeOf } from './support/e2e-support';

installNodeSha256();

// No periodic checkpoint.recorded on the live service: both sides hold the same log.
const QUIET = { WRIT_CHECKPOINT_INTERVAL_MS: '86400000', WRIT_ORIGIN_HOST: 'writ.test' };
const LINEAGE = '{ lineage(of: { agent: "AGENT" }) { position chains { links { kind id status notBefore notAfter capabilities eventHash leafIndex } } } }';
const PRINCIPALS = '{ principals(first: 1000) { edges { node { id } } } }';

let built: BuiltLedger;
let live: ServiceProcess;
let copy: ServiceProcess;
let copyDir: string;
let exportFile: string;
let adminKeyFile: string;
let storeHashBefore: string;

const sha256File = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A token from `writ token`, the ledger id taken from the data directory given. */
function tokenFor(dataDir: string): string {
  const run = writ('token', '--key', adminKeyFile, '--store', dataDir, '--ttl', '60');
  expect(run).toMatchObject({ code: 0, stderr: '' });
  return run.stdout.trim();
}

async function graphql(service: ServiceProcess, query: string, token?: string): Promise<{ data?: unknown; errors?: { extensions: { code: string } }[] }> {
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] };
}

const getText = async (service: ServiceProcess, path: string) => (await fetch(`${service.url}${path}`)).text();

beforeAll(async () => {
  built = await buildLedger({ events: 150, agentsPerRound: 4, actionsPerAgent: 2, originHost: 'writ.test' });
  adminKeyFile = join(tempDir(), 'admin.key.json');
  writeFileSync(adminKeyFile, formatKeyFile(built.admin.seed, built.admin.id), { mode: 0o600 });
  live = await startService({ dataDir: built.dataDir, env: QUIET });
  exportFile = join(tempDir(), 'evidence.ndjson');
  expect(writ('export', '--store', built.dataDir, '--out', exportFile).code).toBe(0);
  copyDir = join(tempDir(), 'copy');
  const imported = writ('import', '--in', exportFile, '--store', copyDir, '--key', built.verifierKey, '--json');
  expect(imported.code).toBe(0);
  storeHashBefore = sha256File(join(copyDir, 'writ.db'));
  copy = await startService({ dataDir: copyDir, env: { ...QUIET, WRIT_READ_ONLY: '1' } });
}, 180_000);

afterAll(async () => {
  await copy?.stop();
  await live?.stop();
});

test('import makes a data directory holding the store and no keys', () => {
  expect(statSync(copyDir).isDirectory()).toBe(true);
  expect(readdirSync(copyDir).filter((name) => !name.startsWith('read-models.db'))).toEqual(expect.arrayContaining(['writ.db']));
  expect(existsSync(join(copyDir, 'keys'))).toBe(false);
  expect(copy.output()).toMatch(/read-only copy of ledger/);
});

test('the copy answers lineage and principals as the live service does', async () => {
  const agent = [...built.agents.keys()][0]!;
  const query = LINEAGE.replace('AGENT', agent);
  const fromLive = await graphql(live, query, tokenFor(built.dataDir));
  const fromCopy = await graphql(copy, query, tokenFor(copyDir));
  expect(fromLive.errors).toBeUndefined();
  expect((fromLive.data as { lineage: { chains: unknown[] } }).lineage.chains.length).toBeGreaterThan(0);
  expect(fromCopy).toEqual(fromLive);
  const principalsLive = await graphql(live, PRINCIPALS, tokenFor(built.dataDir));
  expect(principalsLive.errors).toBeUndefined();
  expect(await graphql(copy, PRINCIPALS, tokenFor(copyDir))).toEqual(principalsLive);
});

test('the token writ token prints verifies with jose under the principal’s key', async () => {
  const token = tokenFor(copyDir);
  const key = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: built.admin.publicKey }, 'EdDSA');
  const { payload } = await jwtVerify(token, key, { issuer: built.admin.id, audience: built.ledgerId });
  expect(payload.exp! - payload.iat!).toBe(60);
});

test('a mutation is refused with ledger.read_only, and nothing changes', async () => {
  const keys = importKeys(formatKeyFile(built.admin.seed, built.admin.id));
  if (!keys.ok) throw new Error('admin key');
  const admin = { id: built.admin.id, keys: keys.value };
  const statement = statements.grantEntitlement(
    { principalId: built.human.id, entitlementId: `e-${uuidv7()}`, capability: { resource: 'crm://x/**', actions: ['read'] } },
    { ledgerId: built.ledgerId, actor: admin.id, nonce: uuidv7() },
  );
  const result = await clientFor(copy).submit(sign(statement, admin.keys));
  expect(codeOf(result)).toBe('ledger.read_only');
  const health = JSON.parse(await getText(copy, '/healthz')) as { treeSize: number };
  expect(health.treeSize).toBe(built.size);
  expect(existsSync(join(copyDir, 'keys'))).toBe(false);
  expect(sha256File(join(copyDir, 'writ.db'))).toBe(storeHashBefore);
});

test('/checkpoint serves the latest recorded checkpoint; the JWKS the recorded keys; proofs match them', async () => {
  const header = JSON.parse(readFileSync(exportFile, 'utf8').split('\n', 1)[0]!) as { checkpoint: string };
  const note = await getText(copy, '/checkpoint');
  expect(note).toBe(header.checkpoint);
  expect(await getText(copy, '/.well-known/jwks.json')).toBe(await getText(live, '/.well-known/jwks.json'));
  const [, size, root] = note.split('\n');
  const proof = await graphql(copy, '{ inclusionProof(leafIndex: 3) { treeSize rootHash } }');
  expect(proof.data).toEqual({ inclusionProof: { treeSize: Number(size), rootHash: Buffer.from(root!, 'base64').toString('hex') } });
});

test('writ serve --store <dir> --read-only serves the same copy and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [binEntry(), 'serve', '--store', copyDir, '--read-only', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const until = Date.now() + 60_000;
  while (!/WRIT_READY \S+\n/.test(output) && child.exitCode === null && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  const url = /WRIT_READY (\S+)/.exec(output)?.[1];
  expect(url).toBeDefined();
  expect(await (await fetch(`${url}/checkpoint`)).text()).toBe(await getText(copy, '/checkpoint'));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(existsSync(join(copyDir, 'keys'))).toBe(false);
}, 90_000);
