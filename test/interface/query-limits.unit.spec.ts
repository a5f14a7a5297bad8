// The depth and cost rules on a small schema, where the expected numbers are easy to
// work out by hand.
import { buildSchema, getIntrospectionQuery, parse, validate, type GraphQLError, type GraphQLObjectType } from 'graphql';
import { maxCostRule } from '../../src/interface/graphql/query-cost.rule';
import { maxDepthRule } from '../../src/interface/graphql/query-depth.rule';

const schema = buildSchema(`
  type Query { page(limit: Int = 5): [Item!]!  all: [Item!]!  one: Item  pageOf(limit: Int!): [Item!]!  items(first: Int, after: String): ItemConnection! }
  type Item { id: String!  child: Item  tags: [String!]!  more: [Item!]!  heavy: String  old: String @deprecated }
  type ItemConnection { edges: [ItemEdge!]!  nodes: [Item!]!  pageInfo: PageInfo! }
  type ItemEdge { cursor: String!  node: Item! }
  type PageInfo { endCursor: String }
`);
// What Nest's `@Field({ complexity })` sets on a field definition.
(schema.getType('Item') as GraphQLObjectType).getFields()['heavy']!.extensions = { complexity: 7 };
const typeCount = Object.keys(schema.getTypeMap()).length;
const limits = { maxCost: 1000, defaultListSize: 10, maxListSize: 200, defaultPageSize: 50 };

function costOf(query: string): number | undefined {
  const errors = validate(schema, parse(query), [maxCostRule({ ...limits, maxCost: -1, maxIntrospection: 1e9 })]);
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
    ['__typename counts as a field', '{ __typename one { __typename id } }', 1 + 3],
    ['a field counts its declared complexity', '{ one { heavy } }', 1 + 7],
    ['...multiplied like any other', '{ page(limit: 4) { heavy } }', 1 + 4 * 7],
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

describe('introspection cost: one per value the answer holds, counted against the schema', () => {
  test.each([
    ['a type by name: the field, its object, each field name', '{ __type(name: "Item") { fields { name } } }', 1 + 1 + 5],
    ['deprecated fields when asked for', '{ __type(name: "Item") { fields(includeDeprecated: true) { name } } }', 1 + 1 + 6],
    ['an includeDeprecated from a variable counts as true', 'query($d: Boolean) { __type(name: "Item") { fields(includeDeprecated: $d) { name } } }', 1 + 1 + 6],
    ['an unknown type answers null', '{ __type(name: "Nope") { name } }', 1],
    ['a name from a variable counts every type', 'query($n: String!) { __type(name: $n) { name } }', 1 + typeCount],
    ['every type of the schema', '{ __schema { types { name } } }', 1 + 1 + typeCount],
    // id: String! 4 (name, type, ofType String, its null ofType), child: Item 3, tags and more: [X!]! 6 each, heavy 3
    ['ofType ends where the wrappers end', '{ __type(name: "Item") { fields { name type { ofType { ofType { ofType { name } } } } } } }', 1 + 1 + (4 + 3 + 6 + 6 + 3)],
    ['fragments count where they are spread', '{ __type(name: "Item") { ...T } } fragment T on __Type { name kind }', 1 + 2],
    ['aliases count each copy', '{ a: __type(name: "Item") { name } b: __type(name: "Item") { name } }', 2 + 2],
  ])('%s', (_, query, cost) => {
    expect(costOf(query)).toBe(cost);
  });

  test('introspection answering more values than its own budget is refused, counting no further', () => {
    const many = Array.from({ length: 40 }, (_, i) => `a${i}: __schema { types { name fields { name } } }`).join(' ');
    const [error] = validate(schema, parse(`{ ${many} }`), [maxCostRule({ ...limits, maxCost: 1e9, maxIntrospection: 100 })]);
    expect(error!.extensions).toEqual({ code: 'query.too_costly', details: { introspection: 101, max: 100 } });
  });

  test('introspection counts towards the whole cost too', () => {
    const [error] = validate(schema, parse('{ __schema { types { name } } one { id } }'), [maxCostRule({ ...limits, maxCost: 5, maxIntrospection: 1000 })]);
    expect(error!.extensions).toEqual({ code: 'query.too_costly', details: { cost: 2 + typeCount + 2, max: 5 } });
  });

  test('the standard introspection query is counted, once', () => {
    expect(costOf(getIntrospectionQuery())).toBeGreaterThan(typeCount * 3);
  });
});

describe('fragment cycles', () => {
  test('neither hang nor crash the rules', () => {
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

  test('ofType nested past the standard query counts, level by level', () => {
    const ofTypes = (n: number) => '{ __schema { types { fields { type { ' + 'ofType { '.repeat(n) + 'name' + ' }'.repeat(n) + ' } } } } }';
    expect(depthErrors(ofTypes(9), 10)).toEqual([]);
    expect(depthErrors(ofTypes(500), 10)[0]!.extensions).toEqual({ code: 'query.too_deep', details: { depth: 5 + 500 - 9, max: 10 } });
  });

  test('...also through a fragment that spreads itself under ofType', () => {
    const query = '{ __schema { types { ...T } } } fragment T on __Type { ofType { ...T } }';
    expect(() => depthErrors(query, 10)).not.toThrow();
  });

  test('a deep introspection query is still refused', () => {
    const deep = '{ __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }';
    expect(validate(schema, parse(deep), [maxDepthRule(10)])[0]!.extensions['code']).toBe('query.too_deep');
  });
});
