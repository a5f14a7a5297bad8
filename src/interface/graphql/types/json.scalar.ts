import { GraphQLScalarType } from 'graphql';

/**
 * Output-only JSON: what the ledger derived for an event (a decision, a credential
 * window) and a problem's details. Their shapes belong to the domain and grow with it,
 * so the schema does not pin them down.
 */
export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value (output only).',
  serialize: (value: unknown) => value,
});
