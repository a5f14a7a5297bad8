// Every domain refusal code is exercised by some test, and the statement catalogue in
// docs/statements.md names every statement type and every domain code, so neither can
// drift from the rules unnoticed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ERROR_CODES } from '../../src/errors/codes';
import { STATEMENT_TYPES, decide } from '../../src/domain';
import * as s from './support/statements';
import { emptyWorld } from './support/world';

const root = resolve(__dirname, '../..');
const MARKER = '// --- domain (owned by src/domain) ---';

function domainCodes(): string[] {
  const text = readFileSync(join(root, 'src/errors/codes.ts'), 'utf8');
  const section = text.slice(text.indexOf(MARKER), text.indexOf('] as const'));
  return [...section.matchAll(/'([a-z_]+\.[a-z_]+)'/g)].map((m) => m[1]!);
}

function specFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return specFiles(path);
    return path.endsWith('.spec.ts') && !path.endsWith('codes.unit.spec.ts') ? [path] : [];
  });
}

const codes = domainCodes();

test('the domain section lists codes, all in the closed union', () => {
  expect(codes.length).toBeGreaterThan(50);
  for (const code of codes) expect(ERROR_CODES).toContain(code);
});

test('every domain code is expected by some test', () => {
  const specs = [...specFiles(join(root, 'src/domain')), ...specFiles(join(root, 'test/domain'))].map((f) => readFileSync(f, 'utf8')).join('\n');
  const untested = codes.filter((code) => !specs.includes(`'${code}'`) && !specs.includes(`"${code}"`));
  expect(untested).toEqual([]);
});

test('the catalogue documents every statement type and every domain code', () => {
  const doc = readFileSync(join(root, 'docs/statements.md'), 'utf8');
  expect(STATEMENT_TYPES.filter((t) => !doc.includes(`\`${t}\``))).toEqual([]);
  expect(codes.filter((c) => !doc.includes(`\`${c}\``))).toEqual([]);
});

test.each(STATEMENT_TYPES.filter((t) => t !== 'ledger.genesis'))('%s has rules: an empty body is refused field by field', (type) => {
  const l = emptyWorld();
  const r = decide(l.view, { statement: l.statement({ type, actor: s.ADMIN, body: {} }), recordedAt: l.recordedAt });
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.problems.every((p) => p.path.startsWith('body.') && p.code !== 'statement.unknown_type')).toBe(true);
});
