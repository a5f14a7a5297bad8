// `writ init` as a process (issue 17, item 5): a data directory whose store is gone but
// whose keys are still there is not a fresh directory. Init refuses it in one line;
// `--force` creates a new ledger there, reusing the key files.
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/ledger-fixtures';
import { writ } from './cli-support';

test('init refuses a directory with keys but no store, and --force creates a new ledger with those keys', () => {
  const dataDir = join(tempDir('writ-init-'), 'data');
  const first = writ('init', '--data-dir', dataDir, '--json');
  expect(first.code).toBe(0);
  const adminKey = readFileSync(join(dataDir, 'keys', 'admin.key.json'), 'utf8');
  for (const name of readdirSync(dataDir)) if (name.startsWith('writ.db')) rmSync(join(dataDir, name));

  const refused = writ('init', '--data-dir', dataDir, '--json');
  expect(refused.code).toBe(2);
  expect(refused.stdout).toBe('');
  expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^writ: .* holds keys\/ledger\.key\.json, keys\/admin\.key\.json but its store \(writ\.db\) holds no ledger; .*writ init --force/)]);
  expect(readdirSync(dataDir).filter((name) => name.startsWith('writ.db'))).toEqual([]);

  const forced = writ('init', '--data-dir', dataDir, '--force', '--json');
  expect(forced.code).toBe(0);
  expect(forced.json<{ ledgerId: string }>().ledgerId).not.toBe(first.json<{ ledgerId: string }>().ledgerId);
  expect(readFileSync(join(dataDir, 'keys', 'admin.key.json'), 'utf8')).toBe(adminKey);
});
