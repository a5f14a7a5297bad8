// The verifier runs without Nest and without the network (issue 8): a scan of what
// src/verify and the forensics commands import, directly or through local modules.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const FORBIDDEN = [/^@nestjs\//, /^node:(http|https|net|dgram|dns|tls)$/, /^(fastify|mercurius|graphql|@eventstore\/db-client)/];
const ENTRY = [
  join(root, 'verify/index.ts'),
  join(root, 'verify/proofs.ts'),
  join(root, 'verify/replay-state.ts'),
  join(root, 'integrity/signature-pool/worker.ts'),
];

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
}

test('nothing reachable from the verifier imports Nest or a network module', () => {
  const seen = new Set<string>();
  const bad: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) {
        const base = resolve(dirname(file), spec);
        const candidates = [`${base}.ts`, join(base, 'index.ts')];
        const next = candidates.find((c) => {
          try {
            readFileSync(c);
            return true;
          } catch {
            return false;
          }
        });
        if (next) visit(next);
      } else if (FORBIDDEN.some((re) => re.test(spec))) {
        bad.push(`${file.slice(root.length + 1)} imports ${spec}`);
      }
    }
  };
  ENTRY.forEach(visit);
  expect(seen.size).toBeGreaterThan(20);
  expect(bad).toEqual([]);
});

test("no file of src/verify imports the service's application code (the offline verifier trusts nothing of the service)", () => {
  const dir = join(root, 'verify');
  const offenders = readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .flatMap((name) => importsOf(join(dir, name)).filter((spec) => /(^|\/)application\//.test(spec)).map((spec) => `${name} imports ${spec}`));
  expect(offenders).toEqual([]);
});
