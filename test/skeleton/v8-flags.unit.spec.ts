// The service's V8 flags are written in three places Node reads them from; one list
// (src/config/v8-flags.ts) is the source, and this keeps the others in step.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_V8_FLAGS } from '../../src/config/v8-flags';

const root = join(__dirname, '..', '..');
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

test.each(['start', 'bench'])('npm run %s starts node with the service V8 flags', (script) => {
  const node = /\bnode ((?:--\S+ )*)dist\//.exec(scripts[script]!);
  expect(node?.[1]?.trim().split(' ')).toEqual([...SERVICE_V8_FLAGS]);
});

test("the image (Dockerfile's CMD, which docker-compose.yml's replicas run) starts the service with the same flags", () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
  const commands = [...dockerfile.matchAll(/^CMD (\[.*\])$/gm), ...compose.matchAll(/command: (\[.*\])/g)]
    .map((m) => JSON.parse(m[1]!) as string[])
    .filter((c) => c.includes('dist/src/main.js'));
  expect(commands.length).toBeGreaterThan(0);
  for (const command of commands) expect(command).toEqual(['node', ...SERVICE_V8_FLAGS, 'dist/src/main.js']);
});
