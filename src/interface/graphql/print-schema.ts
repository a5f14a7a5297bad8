// Prints the code-first schema to schema/schema.graphql, the committed contract that a
// test compares with the served schema. Run from the repository root:
//   npm run build && node dist/src/interface/graphql/print-schema.js [output file]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { GRAPHQL_RESOLVERS } from './resolvers';

export const SCHEMA_FILE = 'schema/schema.graphql';
export const REGENERATE_SCHEMA = 'npm run build && node dist/src/interface/graphql/print-schema.js';

const HEADER = [
  '# Writ GraphQL schema, printed from the code-first resolvers. Do not edit by hand.',
  `# Regenerate: ${REGENERATE_SCHEMA}`,
  '',
  '',
].join('\n');

/** Sorted, so that the file changes only when the schema does. */
export function printSchemaText(schema: GraphQLSchema): string {
  return `${HEADER}${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** The schema the resolvers describe, built without a ledger or a server. */
export async function buildCodeFirstSchema(): Promise<GraphQLSchema> {
  const context = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    return await context.get(GraphQLSchemaFactory).create([...GRAPHQL_RESOLVERS]);
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const output = resolve(process.argv[2] ?? SCHEMA_FILE);
  writeFileSync(output, printSchemaText(await buildCodeFirstSchema()));
  process.stdout.write(`wrote ${output}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
