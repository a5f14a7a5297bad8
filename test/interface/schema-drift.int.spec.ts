// schema/schema.graphql is the committed contract (DESIGN.md, Interfaces). It must be
// exactly what the running service serves, and what print-schema writes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildCodeFirstSchema, printSchemaText, REGENERATE_SCHEMA, SCHEMA_FILE } from '../../src/interface/graphql/print-schema';
import { startApp } from './support/app';
import { FakeLedger } from './support/fake-ledger';

const committedFile = resolve(__dirname, '../..', SCHEMA_FILE);
const committed = () => (existsSync(committedFile) ? readFileSync(committedFile, 'utf8') : '');

function expectNoDrift(actual: string, what: string): void {
  const expected = committed();
  if (actual === expected) return;
  const actualLines = actual.split('\n');
  const expectedLines = expected.split('\n');
  const line = actualLines.findIndex((l, i) => l !== expectedLines[i]);
  throw new Error(
    `${SCHEMA_FILE} differs from ${what} at line ${line + 1}:\n` +
      `  committed: ${expectedLines[line] ?? '<end of file>'}\n  ${what}: ${actualLines[line] ?? '<end of file>'}\n` +
      `Regenerate it with: ${REGENERATE_SCHEMA}\n(or: WRIT_WRITE_SCHEMA=1 npx jest test/interface/schema-drift)`,
  );
}

test('the committed schema is the schema the service serves', async () => {
  const api = await startApp(new FakeLedger());
  try {
    const served = printSchemaText(api.app.get(GraphQLSchemaHost).schema);
    if (process.env['WRIT_WRITE_SCHEMA'] === '1') writeFileSync(committedFile, served);
    expectNoDrift(served, 'the served schema');
  } finally {
    await api.close();
  }
});

test('print-schema, which needs no ledger, prints the same schema', async () => {
  expectNoDrift(printSchemaText(await buildCodeFirstSchema()), 'the printed schema');
});

test('the drift check names the regeneration command', () => {
  expect(() => expectNoDrift(`${committed()}type Extra { x: Int }\n`, 'a changed schema')).toThrow(REGENERATE_SCHEMA);
});
