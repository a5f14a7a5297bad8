// Read models are derived data: a service never refuses to start over them. After an
// upgrade changes their schema, the next start rebuilds them from the log.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { inspectReadModels } from '../../src/application/projections/read-model-file';
import { readModelsPath } from '../../src/application/projections/read-models.providers';
import { firstAdmin } from '../e2e/support/e2e-support';
import { startService, type ServiceProcess } from '../support/service-process';

let service: ServiceProcess | undefined;
afterAll(() => service?.destroy());

test('a read-model file of an older schema version is rebuilt at start, and the rows come back', async () => {
  service = await startService();
  const admin = firstAdmin(service);
  const path = readModelsPath(service.dataDir);
  await service.stop();
  expect(inspectReadModels(path)).toBe('current');

  // What an older release left behind: another schema version, and rows that are wrong.
  const old = new Database(path);
  old.prepare("UPDATE meta SET value = '2' WHERE key = 'schema'").run();
  old.prepare('DELETE FROM principals').run();
  old.close();
  expect(inspectReadModels(path)).toBe('outdated');

  service = await service.restart();
  expect(service.output()).toMatch(/building the read models from \d+ events \(their schema changed\)/);
  await service.stop();
  expect(inspectReadModels(path)).toBe('current');
  const rebuilt = new Database(path, { readonly: true });
  const ids = rebuilt.prepare('SELECT DISTINCT id FROM principals').pluck().all();
  rebuilt.close();
  expect(ids).toContain(admin.id);
}, 60_000);

test('inspect tells a missing file and a foreign database apart', () => {
  expect(inspectReadModels('/nonexistent/read-models.db')).toBe('absent');
  const file = join(mkdtempSync(join(tmpdir(), 'writ-inspect-')), 'x.db');
  const foreign = new Database(file);
  foreign.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('application', 'something else')");
  foreign.close();
  expect(inspectReadModels(file)).toBe('foreign');
});
