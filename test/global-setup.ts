// Builds dist/ once before the tests when the sources are newer than the last build:
// the e2e tests run the real `writ` CLI and the real service as processes, from dist/.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const stamp = join(root, 'dist', '.build-stamp');

function newestSource(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs;
    return Math.max(newest, mtime);
  }, 0);
}

export default function globalSetup(): void {
  const sources = Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'bench')), statSync(join(root, 'package.json')).mtimeMs);
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return;
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, new Date().toISOString());
}
