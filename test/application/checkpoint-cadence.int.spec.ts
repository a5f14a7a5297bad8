// Issue 17, item 8: an idle ledger does not grow. The whole service (the app module over
// real HTTP, on a temp data directory) runs with a fake setInterval, so an hour of
// checkpoint ticks (720 at the default 5 s) passes without waiting; everything else
// (the committer, the store, signature workers, HTTP) runs on real time.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LedgerRuntime } from '../../src/application/ledger/ledger-runtime';
import { loadConfig } from '../../src/config/writ-config';
import { appModule } from '../../src/app.module';
import { createHttpApp } from '../../src/interface/http-app';
import { importKeys, readTokenSource, sign, statements, uuidv7, WritClient } from '../../src/sdk';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { actor, tempDir } from '../support/ledger-fixtures';

const TICK_MS = 5000;
const HOUR_OF_TICKS = 3_600_000 / TICK_MS;

jest.useFakeTimers({
  doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout'],
});

let dir: string;
let app: NestFastifyApplication;
let url: string;
let runtime: LedgerRuntime;

beforeAll(async () => {
  dir = tempDir('writ-cadence-');
  const config = loadConfig({ WRIT_DATA_DIR: join(dir, 'data'), WRIT_DURABILITY: 'normal', WRIT_CHECKPOINT_INTERVAL_MS: String(TICK_MS) });
  app = await createHttpApp(appModule(config), { logger: false });
  await app.listen(0, '127.0.0.1');
  url = await app.getUrl();
  runtime = app.get(LedgerRuntime);
}, 60_000);

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The interval fires; whatever it submitted is answered before the next tick. */
async function tick(times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    jest.advanceTimersByTime(TICK_MS);
    await runtime.idle();
  }
}

async function treeSize(): Promise<number> {
  const health = (await (await fetch(`${url}/healthz`)).json()) as { treeSize: number };
  return health.treeSize;
}

async function checkpointEvents(): Promise<number> {
  const admin = importKeys(readFileSync(join(dir, 'data', 'keys', 'admin.key.json'), 'utf8'));
  if (!admin.ok) throw new Error('admin key file');
  const token = readTokenSource({ principalId: admin.value.id!, ledgerId: runtime.ledgerId, seed: admin.value.seed });
  const read = await new WritClient({ url, ledgerId: runtime.ledgerId, token }).stream('checkpoints', { limit: 1000 });
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  return read.value.length;
}

test('a new ledger records one checkpoint of its genesis, then nothing for an hour', async () => {
  expect(await treeSize()).toBe(1);
  await tick(1);
  expect(await treeSize()).toBe(2);
  await tick(HOUR_OF_TICKS);
  expect(await treeSize()).toBe(2);
  expect(await checkpointEvents()).toBe(1);
}, 60_000);

test('an append is covered by the next tick’s checkpoint, and the ledger is quiet again for an hour', async () => {
  const admin = importKeys(readFileSync(join(dir, 'data', 'keys', 'admin.key.json'), 'utf8'));
  if (!admin.ok) throw new Error('admin key file');
  const human = actor('human');
  const client = new WritClient({ url, ledgerId: runtime.ledgerId });
  const registered = await client.submit(
    sign(statements.registerPrincipal({ principalId: human.id, kind: 'human', name: 'Hana', publicKey: human.publicKey }, { ledgerId: runtime.ledgerId, actor: admin.value.id!, nonce: uuidv7() }), admin.value),
  );
  expect(registered.ok).toBe(true);
  expect(await treeSize()).toBe(3);
  await tick(1);
  expect(await treeSize()).toBe(4);
  expect(runtime.latestCheckpoint().treeSize).toBe(4);
  await tick(HOUR_OF_TICKS);
  expect(await treeSize()).toBe(4);
  expect(await checkpointEvents()).toBe(2);
}, 60_000);
