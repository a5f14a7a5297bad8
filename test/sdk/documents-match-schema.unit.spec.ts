// Every operation the SDK sends is valid against the service's committed schema
// (schema/schema.graphql, itself checked for drift against the served one), so a
// renamed field or argument on either side fails here, not at a user's first call.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { allDocuments } from '../../src/sdk/client/documents';
import { MUTATIONS, type MutationName } from '../../src/sdk';

const schema: GraphQLSchema = buildSchema(readFileSync(resolve(__dirname, '../../schema/schema.graphql'), 'utf8'));
const documents = allDocuments(Object.keys(MUTATIONS) as MutationName[]);

test('there is one operation per mutation plus the batch and the reads', () => {
  expect(documents).toHaveLength(Object.keys(MUTATIONS).length + 6);
});

test.each(documents.map((d) => [d.slice(0, 60).replace(/\s+/g, ' '), d]))('%s... is valid against the schema', (_name, document) => {
  expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
});

test('every mutation of the schema that takes a signed statement is in the SDK table', () => {
  const fields = schema.getMutationType()!.getFields();
  const perUse = Object.values(fields).filter((f) => f.args.some((a) => a.name === 'input' && String(a.type) === 'SignedStatementInput!'));
  expect(perUse.map((f) => f.name).sort()).toEqual(Object.keys(MUTATIONS).sort());
});

test('the check catches a document that does not match', () => {
  expect(validate(schema, parse('query { checkpoint { nonsense } }'))).not.toHaveLength(0);
});
