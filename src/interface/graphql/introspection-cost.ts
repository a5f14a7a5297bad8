// Introspection (`__schema`, `__type`) answers from the served schema alone, so its cost
// need not be guessed from list sizes: it is counted exactly, by resolving the selection
// against the schema with graphql-js's own introspection resolvers, one per value the
// answer would hold. Guessed sizes would either refuse the standard introspection query
// or let 3,000 aliases of `__type` through. Counting stops as soon as it passes the
// budget, so the count itself never costs more than the budget allows the answer.
import {
  getNamedType,
  isObjectType,
  Kind,
  valueFromAST,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

const OVER_BUDGET = Symbol('over budget');

/** One per operation: every introspection field of it draws on the same budget. */
export class IntrospectionCounter {
  private counted = 0;
  private readonly schema: GraphQLSchema;

  constructor(
    private readonly context: ValidationContext,
    readonly budget: number,
  ) {
    this.schema = context.getSchema();
  }

  /** Values counted so far: at most one past the budget, where counting stopped. */
  get spent(): number {
    return this.counted;
  }

  get overBudget(): boolean {
    return this.counted > this.budget;
  }

  /** The values `field` (`__schema` or `__type` on the query root) answers with, or as many as were counted when the budget ran out. */
  rootFieldCost(field: FieldNode): number {
    if (this.overBudget) return 0;
    const before = this.counted;
    try {
      this.add(1);
      const selection = field.selectionSet;
      if (selection === undefined) return this.counted - before;
      if (field.name.value === '__schema') this.object(selection, this.introspectionType('__Schema'), this.schema);
      else for (const type of this.typesNamed(field)) this.object(selection, this.introspectionType('__Type'), type);
    } catch (error) {
      if (error !== OVER_BUDGET) throw error;
    }
    return this.counted - before;
  }

  /** `__type(name: "X")` answers one type; a name from a variable is counted as every type. */
  private typesNamed(field: FieldNode): GraphQLNamedType[] {
    const name = field.arguments?.find((arg) => arg.name.value === 'name')?.value;
    if (name?.kind === Kind.VARIABLE) return Object.values(this.schema.getTypeMap());
    const type = name?.kind === Kind.STRING ? this.schema.getType(name.value) : undefined;
    return type ? [type] : [];
  }

  private object(selectionSet: SelectionSetNode, type: GraphQLObjectType, value: unknown): void {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) this.field(selection, type, value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!selection.typeCondition || selection.typeCondition.name.value === type.name) this.object(selection.selectionSet, type, value);
      } else {
        // A cycle of fragments is reported by NoFragmentCyclesRule; the budget ends it here.
        const fragment = this.context.getFragment(selection.name.value);
        if (fragment?.typeCondition.name.value === type.name) this.object(fragment.selectionSet, type, value);
      }
    }
  }

  private field(node: FieldNode, parent: GraphQLObjectType, value: unknown): void {
    this.add(1);
    const definition = parent.getFields()[node.name.value];
    if (definition === undefined || node.selectionSet === undefined) return; // __typename, leaves, unknown fields
    const type = getNamedType(definition.type);
    if (!isObjectType(type)) return;
    const answer = this.resolve(definition, node, value);
    for (const item of Array.isArray(answer) ? answer : [answer]) {
      if (item !== null && item !== undefined) this.object(node.selectionSet, type, item);
    }
  }

  private resolve(definition: GraphQLField<unknown, unknown>, node: FieldNode, value: unknown): unknown {
    if (definition.resolve === undefined) return (value as Record<string, unknown>)[definition.name];
    const info = { schema: this.schema } as GraphQLResolveInfo; // possibleTypes reads the schema from it
    return definition.resolve(value, this.argumentsOf(definition, node), undefined, info);
  }

  // Introspection's only arguments below the root are `includeDeprecated` flags: one from
  // a variable is counted as true, the larger answer.
  private argumentsOf(definition: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> {
    const args: Record<string, unknown> = {};
    for (const arg of definition.args) {
      const given = node.arguments?.find((a) => a.name.value === arg.name)?.value;
      if (given === undefined) args[arg.name] = arg.defaultValue;
      else args[arg.name] = given.kind === Kind.VARIABLE ? true : valueFromAST(given, arg.type);
    }
    return args;
  }

  private introspectionType(name: '__Schema' | '__Type'): GraphQLObjectType {
    const type = this.schema.getType(name);
    if (!isObjectType(type)) throw new Error(`the schema has no ${name} type`);
    return type;
  }

  private add(values: number): void {
    this.counted += values;
    if (this.counted > this.budget) throw OVER_BUDGET;
  }
}
