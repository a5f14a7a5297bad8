// Refuses operations whose worst-case result is too large before any resolver runs.
// Cost: every field is 1, or the `complexity` its definition declares (a field whose
// value can be large, such as a whole envelope); a field returning a list multiplies the
// cost of what is selected under it by the list's size (its `limit` argument when it has
// one). A Relay connection (a field with a `first` argument) sizes the lists directly
// under it (`edges`, `nodes`) by its page size: otherwise a page of 1,000 would cost as
// 10. Introspection is counted exactly (introspection-cost.ts).
import {
  getNamedType,
  GraphQLError,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { IntrospectionCounter } from './introspection-cost';

export interface CostLimits {
  readonly maxCost: number;
  /** Assumed size of a list that has no `limit` argument. */
  readonly defaultListSize: number;
  /** Assumed size when `limit` or `first` comes from a variable: validation runs before variables are known. */
  readonly maxListSize: number;
  /** A connection's page size when `first` is omitted (the service's default page); defaultListSize if unset. */
  readonly defaultPageSize?: number;
  /**
   * Values introspection may answer in one operation (they count towards maxCost as well);
   * maxCost if unset. Each is a resolver call on the schema, several times slower than a
   * field read from a row.
   */
  readonly maxIntrospection?: number;
}

export function maxCostRule(limits: CostLimits): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const root = context.getSchema().getRootType(operation.operation) ?? undefined;
      const introspection = new IntrospectionCounter(context, limits.maxIntrospection ?? limits.maxCost);
      const cost = new CostWalker(context, limits, introspection).selectionCost(operation.selectionSet, root);
      if (introspection.overBudget) {
        const max = introspection.budget;
        const message = `the query's introspection answers more than ${max} values; at most ${max} are allowed`;
        context.reportError(tooCostly(message, operation, { introspection: introspection.spent, max }));
      } else if (cost > limits.maxCost) {
        const message = `the query may cost ${cost}; at most ${limits.maxCost} is allowed`;
        context.reportError(tooCostly(message, operation, { cost, max: limits.maxCost }));
      }
    },
  });
}

function tooCostly(message: string, operation: OperationDefinitionNode, details: Record<string, number>): GraphQLError {
  return new GraphQLError(message, { nodes: [operation], extensions: { code: 'query.too_costly', details } });
}

const INTROSPECTION_ROOT_FIELDS: ReadonlySet<string> = new Set(['__schema', '__type']);

/** A field's own cost: its declared `complexity` (Nest's `@Field({ complexity })`), else 1. */
function declaredCost(definition: GraphQLField<unknown, unknown>): number {
  const declared = definition.extensions['complexity'];
  return typeof declared === 'number' && Number.isFinite(declared) && declared >= 0 ? declared : 1;
}

class CostWalker {
  private readonly fragmentCosts = new Map<string, number>();

  constructor(
    private readonly context: ValidationContext,
    private readonly limits: CostLimits,
    private readonly introspection: IntrospectionCounter,
  ) {}

  /** `page`: the page size of the connection this selection is directly under, if any. */
  selectionCost(selectionSet: SelectionSetNode | undefined, parent: GraphQLNamedType | undefined, page?: number): number {
    let cost = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) cost += this.fieldCost(selection, parent, page);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.context.getSchema().getType(selection.typeCondition.name.value) : parent;
        cost += this.selectionCost(selection.selectionSet, type, page);
      } else cost += this.fragmentCost(selection.name.value, page);
    }
    return cost;
  }

  private fieldCost(field: FieldNode, parent: GraphQLNamedType | undefined, page: number | undefined): number {
    const name = field.name.value;
    if (INTROSPECTION_ROOT_FIELDS.has(name) && parent === this.context.getSchema().getQueryType()) return this.introspection.rootFieldCost(field);
    const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
    if (definition === undefined) return 1; // __typename; unknown fields: other rules report them
    const own = declaredCost(definition);
    if (field.selectionSet === undefined) return own;
    const below = this.selectionCost(field.selectionSet, getNamedType(definition.type), this.pageSize(field, definition));
    return own + this.listSize(field, definition, page) * below;
  }

  private listSize(field: FieldNode, definition: GraphQLField<unknown, unknown>, page: number | undefined): number {
    const type = isNonNullType(definition.type) ? definition.type.ofType : definition.type;
    if (!isListType(type)) return 1;
    if (definition.args.some((arg) => arg.name === 'limit')) return this.sizeArgument(field, definition, 'limit', this.limits.maxListSize);
    return page ?? this.limits.defaultListSize;
  }

  /** A connection's page size, or undefined for a field that takes no `first`. */
  private pageSize(field: FieldNode, definition: GraphQLField<unknown, unknown>): number | undefined {
    if (!definition.args.some((arg) => arg.name === 'first')) return undefined;
    return this.sizeArgument(field, definition, 'first', this.limits.defaultPageSize ?? this.limits.defaultListSize);
  }

  /** A size argument: its literal, else its declared default, else `omitted`; a variable counts at the maximum. */
  private sizeArgument(field: FieldNode, definition: GraphQLField<unknown, unknown>, name: string, omitted: number): number {
    const declared = definition.args.find((arg) => arg.name === name)!;
    const given = field.arguments?.find((arg) => arg.name.value === name)?.value;
    if (given?.kind === Kind.INT) return Math.max(0, Number(given.value));
    if (given === undefined || given.kind === Kind.NULL) return typeof declared.defaultValue === 'number' ? declared.defaultValue : omitted;
    return this.limits.maxListSize;
  }

  // A fragment's cost depends on the connection it is spread under, so it is remembered per page size.
  private fragmentCost(name: string, page: number | undefined): number {
    const key = `${name}@${page ?? ''}`;
    const known = this.fragmentCosts.get(key);
    if (known !== undefined) return known;
    this.fragmentCosts.set(key, 0); // a cycle counts nothing more: NoFragmentCyclesRule reports it
    const fragment = this.context.getFragment(name);
    const type = fragment ? this.context.getSchema().getType(fragment.typeCondition.name.value) : undefined;
    const cost = fragment ? this.selectionCost(fragment.selectionSet, type, page) : 0;
    this.fragmentCosts.set(key, cost);
    return cost;
  }
}
