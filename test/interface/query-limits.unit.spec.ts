// The depth and cost rules on a small schema, where the expected numbers are easy to
// work out by hand.
import { buildSchema, getIntrospectionQuery, parse, validate, type GraphQLError } from 'graphql';
import { maxCostRule } from '../../src/interface/graphql/query-cost.rule';
import { maxDepthRule } from '../../src/interface/graphql/query-depth.rule';

const schema = buildSchema(`
  type Query { page(limit: Int = 5): [Item!]!  all: [Item!]!  one: Item  pageOf(limit: Int!): [Item!]!  items(first: Int, after: String): ItemConnection! }
  type Item { id: String!  child: Item  tags: [String!]!  more: [Item!]! }
  type ItemConnection { edges: [ItemEdge!]!  nodes: [Item!]!  pageInfo: PageInfo! }
  type ItemEdge { cursor: String!  node: Item! }
  type PageInfo { endCursor: String }
`);
const limits = { maxCost: 1000, defaultListSize: 10, maxListSize: 200, defaultPageSize: 50 };

function costOf(query: string): number | undefined {
  const errors = validate(schema, parse(query), [maxCostRule({ ...limits, maxCost: -1 })]);
  return errors[0]?.extensions['details'] ? (errors[0].extensions['details'] as { cost: number }).cost : undefined;
}
const depthErrors = (query: string, max: number): readonly GraphQLError[] => validate(schema, parse(query), [maxDepthRule(max)]);

describe('cost', () => {
  test.each([
    ['one scalar field under an object', '{ one { id } }', 2],
    ['a scalar list counts as one field', '{ one { tags } }', 2],
    ['a list without limit multiplies by the default size', '{ all { id child { id } } }', 1 + 10 * 3],
    ['a literal limit multiplies by itself', '{ page(limit: 50) { id } }', 1 + 50],
    ["an omitted limit uses the argument's default", '{ page { id } }', 1 + 5],
    ['a variable limit is counted at the maximum', 'query($n: Int!) { pageOf(limit: $n) { id } }', 1 + 200],
    ['aliases add up', '{ a: page(limit: 2) { id } b: page(limit: 3) { id } }', 3 + 4],
    ['fragments count where they are spread', '{ all { ...F } } fragment F on Item { id child { id } }', 1 + 10 * 3],
    ['inline fragments count too', '{ one { ... on Item { id } } }', 2],
    ['introspection and __typename are free', '{ __typename __schema { types { name } } one { __typename id } }', 2],
    ['a connection sizes its edges by a literal first', '{ items(first: 100) { edges { node { id } } } }', 1 + 1 + 100 * 2],
    ['...and its nodes', '{ items(first: 7) { nodes { id } pageInfo { endCursor } } }', 1 + (1 + 7 * 1) + 2],
    ['an omitted first counts as the default page', '{ items { nodes { id } } }', 1 + 1 + 50],
    ['a variable first counts at the maximum', 'query($n: Int) { items(first: $n) { nodes { id } } }', 1 + 1 + 200],
    ['lists below the page keep the default size', '{ items(first: 2) { nodes { more { id } } } }', 1 + 1 + 2 * (1 + 10)],
    ['a fragment spread under a connection counts at its page size', '{ items(first: 3) { ...C } } fragment C on ItemConnection { nodes { id } }', 1 + 1 + 3],
  ])('%s', (_, query, cost) => {
    expect(costOf(query)).toBe(cost);
  });

  test('an operation over the limit is refused with query.too_costly', () => {
    const [error] = validate(schema, parse('{ page(limit: 1000) { id } }'), [maxCostRule(limits)]);
    expect(error!.extensions).toEqual({ code: 'query.too_costly', details: { cost: 1001, max: 1000 } });
  });

  test('a page of 1,000 is not counted as 10: a big page of a rich selection is refused', () => {
    const [error] = validate(schema, parse('{ items(first: 300) { nodes { id tags child { id } } } }'), [maxCostRule(limits)]);
    expect(error!.extensions).toMatchObject({ code: 'query.too_costly', details: { cost: 1 + 1 + 300 * 4 } });
  });

  test('fragment cycles neither hang nor crash the rule', () => {
    const query = '{ one { ...A } } fragment A on Item { child { ...B } } fragment B on Item { child { ...A } }';
    expect(() => validate(schema, parse(query), [maxCostRule(limits), maxDepthRule(10)])).not.toThrow();
  });
});

describe('depth', () => {
  test('counts nested fields, through fragments', () => {
    const query = '{ one { child { ...F } } } fragment F on Item { child { id } }';
    expect(depthErrors(query, 4)).toEqual([]);
    const [error] = depthErrors(query, 3);
    expect(error!.extensions).toEqual({ code: 'query.too_deep', details: { depth: 4, max: 3 } });
  });

  test('the standard introspection query passes at depth 10 (ofType chains are not counted)', () => {
    const realSchema = buildSchema('type Query { a: [[String!]!] }');
    expect(validate(realSchema, parse(getIntrospectionQuery()), [maxDepthRule(10)])).toEqual([]);
  });

  test('a deep introspection query is still refused', () => {
    const deep = '{ __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }';
    expect(validate(schema, parse(deep), [maxDepthRule(10)])[0]!.extensions['code']).toBe('query.too_deep');
  });
});
