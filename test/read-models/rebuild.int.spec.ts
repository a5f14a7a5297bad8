// `writ projections rebuild`: a ledger in a data directory, its read models deleted and
// rebuilt by replay through the CLI command, equal to those the service kept live.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openLedger } from '../../src/application/ledger/bootstrap';
import { runtimeSource } from '../../src/application/projections/log-sources';
import { ProjectionStore } from '../../src/application/projections/projection-store';
import { ReadModels } from '../../src/application/projections/read-models';
import { readModelsPath } from '../../src/application/projections/read-models.providers';
import { Command } from 'commander';
import { projectionsCommand } from '../../src/cli/commands/projections.command';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { tempDir } from '../support/ledger-fixtures';

installNodeSha256();

// Every table: the rebuild (a bulk load) and the live projection write the same rows.
const dump = (s: ProjectionStore) =>
  ['meta', 'principals', 'entitlements', 'agents', 'delegations', 'credentials', 'events', 'chains', 'chain_hops'].map((t) => [t, s.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]);

test('the read models live beside the ledger, remember their position, and are rebuilt by replay', async () => {
  const dataDir = tempDir('writ-rm-');
  const opened = await openLedger({ dataDir, originHost: 'writ.test', durability: 'normal', adminName: 'Admin' });
  const live = new ReadModels(new ProjectionStore(readModelsPath(dataDir)));
  await live.follow(runtimeSource(opened.runtime));
  await opened.runtime.recordCheckpoint('cp-1');
  await opened.runtime.idle();
  const expected = dump(live.store);
  const position = live.position;
  live.close();
  await opened.runtime.close();

  // Reopened, the read models resume from the position they remember.
  const reopened = new ReadModels(new ProjectionStore(readModelsPath(dataDir)));
  expect(reopened.position).toBe(position);
  reopened.close();

  rmSync(readModelsPath(dataDir));
  const out: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  try {
    // The whole program reads its version from dist/; the command is the same either way.
    const program = new Command('writ').exitOverride();
    projectionsCommand(program);
    await program.parseAsync(['node', 'writ', 'projections', 'rebuild', '--data-dir', dataDir, '--json']);
  } finally {
    write.mockRestore();
  }
  expect(JSON.parse(out.join(''))).toMatchObject({ events: position + 1, position });
  expect(existsSync(`${readModelsPath(dataDir)}.rebuild`)).toBe(false);
  const rebuilt = new ProjectionStore(readModelsPath(dataDir));
  expect(dump(rebuilt)).toEqual(expected);
  rebuilt.close();
  expect(existsSync(join(dataDir, 'writ.db'))).toBe(true);
});
