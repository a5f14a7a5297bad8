// Read models are bound to the log they follow (issue 17, item 4): every catch-up starts
// at the last event applied and checks it is still the log's event there, and every
// event applied must belong to the same ledger. Read models that find otherwise stop,
// and reads (atLeast included) are refused with read_model.unavailable, never answered.
import { runtimeSource } from '../../src/application/projections/log-sources';
import { ProjectionStore } from '../../src/application/projections/projection-store';
import { ReadModels } from '../../src/application/projections/read-models';
import { resolvePoint } from '../../src/application/queries/point';
import { startReadApp } from './support/app';
import { openWorld, seedStory, type World } from './support/world';

let short: World;
let long: World;

beforeAll(async () => {
  short = await openWorld();
  long = await openWorld();
  await seedStory(long);
  await long.settle();
  await short.settle();
});
afterAll(async () => {
  await short.close();
  await long.close();
});

async function following(w: World): Promise<ReadModels> {
  const models = new ReadModels(new ProjectionStore(':memory:'), { waitMs: 200 });
  await models.catchUp(runtimeSource(w.runtime));
  expect(models.position).toBe(w.runtime.size() - 1);
  expect(models.store.binding).toMatchObject({ ledgerId: w.runtime.ledgerId, position: w.runtime.size() - 1 });
  return models;
}

async function refusal(models: ReadModels, atLeast: number): Promise<string | undefined> {
  const point = await resolvePoint(models, null, atLeast, Date.now());
  return point.ok ? undefined : point.problem.code;
}

test('a catch-up over a log whose event at the last applied position differs stops the read models', async () => {
  const models = await following(short);
  expect(long.runtime.size()).toBeGreaterThan(short.runtime.size());
  await models.catchUp(runtimeSource(long.runtime));
  expect(models.broken?.message).toMatch(/the event they applied at position \d+ is not the log's event there/);
  expect(models.position).toBe(short.runtime.size() - 1);
  expect(await refusal(models, long.runtime.size() - 1)).toBe('read_model.unavailable');
  expect(await refusal(models, 0)).toBe('read_model.unavailable');
  models.close();
});

test('a catch-up over a log that ends before the last applied position stops the read models', async () => {
  const models = await following(long);
  await models.catchUp(runtimeSource(short.runtime));
  expect(models.broken?.message).toMatch(/they applied events up to position \d+, and the log ends before it/);
  expect(await refusal(models, 0)).toBe('read_model.unavailable');
  models.close();
});

test('events of another ledger are never applied, whatever their positions', async () => {
  const models = await following(short);
  const foreign = await long.runtime.readLog(short.runtime.size(), 3);
  expect(foreign[0]?.position).toBe(models.position + 1);
  models.applyNow(foreign);
  expect(models.broken?.message).toMatch(/this file follows ledger .*, not /);
  expect(models.position).toBe(short.runtime.size() - 1);
  models.close();
});

test('a reader already waiting on atLeast is refused as soon as the read models stop, not after its wait', async () => {
  const models = await following(short);
  const waiting = refusal(models, short.runtime.size() + 10);
  await models.catchUp(runtimeSource(long.runtime));
  expect(await waiting).toBe('read_model.unavailable');
  models.close();
});

test('read models that stopped make /healthz say degraded, with the reason', async () => {
  const app = await startReadApp(short);
  try {
    expect(await (await fetch(`${app.url}/healthz`)).json()).toEqual({ status: 'ok', treeSize: short.runtime.size() });
    await short.models.catchUp(runtimeSource(long.runtime));
    expect(await (await fetch(`${app.url}/healthz`)).json()).toEqual({
      status: 'degraded',
      treeSize: short.runtime.size(),
      reasons: [expect.stringMatching(/^read models stopped: they no longer match the log: the event they applied at position \d+ is not the log's event there/)],
    });
  } finally {
    await app.close();
  }
});
