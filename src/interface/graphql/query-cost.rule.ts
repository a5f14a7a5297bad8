// Refuses operations whose worst-case result is too large before any resolver runs.
// Cost: every field is 1; a field returning a list multiplies the cost of what is
// selected under it by the list's size (its `limit` argument when it has one).
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
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export interface CostLimits {
  readonly maxCost: number;
  /** Assumed size of a list that has no `limit` argument. */
  readonly defaultListSize: number;
  /** Assumed size when `limit` comes from a variable: validation runs before variables are known. */
  readonly maxListSize: number;
}

export function maxCostRule(limits: CostLimits): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const root = context.getSchema().getRootType(operation.operation) ?? undefined;
      const cost = new CostWalker(context, limits).selectionCost(operation.selectionSet, root);
      if (cost > limits.maxCost) {
        context.reportError(
          new GraphQLError(`the query may cost ${cost}; at most ${limits.maxCost} is allowed`, {
            nodes: [operation],
            extensions: { code: 'query.too_costly', details: { cost, max: limits.maxCost } },
          }),
        );
      }
    },
  });
}

class CostWalker {
  private readonly fragmentCosts = new Map<string, number>();

  constructor(
    private readonly context: ValidationContext,
    private readonly limits: CostLimits,
  ) {}

  selectionCost(selectionSet: SelectionSetNode | undefined, parent: GraphQLNamedType | undefined): number {
    let cost = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) cost += this.fieldCost(selection, parent);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.context.getSchema().getType(selection.typeCondition.name.value) : parent;
        cost += this.selectionCost(selection.selectionSet, type);
      } else cost += this.fragmentCost(selection.name.value);
    }
    return cost;
  }

  // Introspection (`__schema`, `__type`, `__typename`) reads the in-memory schema, not the
  // ledger; the depth rule bounds it.
  private fieldCost(field: FieldNode, parent: GraphQLNamedType | undefined): number {
    if (field.name.value.startsWith('__')) return 0;
    const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[field.name.value] : undefined;
    if (definition === undefined || field.selectionSet === undefined) return 1; // unknown fields: other rules report them
    const below = this.selectionCost(field.selectionSet, getNamedType(definition.type));
    return 1 + this.listSize(field, definition) * below;
  }

  private listSize(field: FieldNode, definition: GraphQLField<unknown, unknown>): number {
    const type = isNonNullType(definition.type) ? definition.type.ofType : definition.type;
    if (!isListType(type)) return 1;
    const declared = definition.args.find((arg) => arg.name === 'limit');
    if (declared === undefined) return this.limits.defaultListSize;
    const given = field.arguments?.find((arg) => arg.name.value === 'limit')?.value;
    if (given?.kind === Kind.INT) return Math.max(0, Number(given.value));
    if (given === undefined && typeof declared.defaultValue === 'number') return declared.defaultValue;
    return this.limits.maxListSize;
  }

  private fragmentCost(name: string): number {
    const known = this.fragmentCosts.get(name);
    if (known !== undefined) return known;
    this.fragmentCosts.set(name, 0); // a cycle counts nothing more: NoFragmentCyclesRule reports it
    const fragment = this.context.getFragment(name);
    const type = fragment ? this.context.getSchema().getType(fragment.typeCondition.name.value) : undefined;
    const cost = fragment ? this.selectionCost(fragment.selectionSet, type) : 0;
    this.fragmentCosts.set(name, cost);
    return cost;
  }
}
