// Refuses operations nested deeper than a bound before any resolver runs: nesting is
// where a small query turns into a large amount of work.
import {
  GraphQLError,
  Kind,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/**
 * `ofType` only unwraps list and non-null wrappers in introspection, a chain bounded by
 * the schema itself; counting it would refuse the standard introspection query.
 */
const UNCOUNTED_FIELDS = new Set(['ofType']);

export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext) => {
    const depths = new Map<string, number>();
    const fragmentDepth = (fragment: FragmentDefinitionNode, visiting: Set<string>): number => {
      const name = fragment.name.value;
      const known = depths.get(name);
      if (known !== undefined) return known;
      if (visiting.has(name)) return 0; // a cycle: NoFragmentCyclesRule reports it
      visiting.add(name);
      const depth = selectionDepth(fragment.selectionSet, context, (f) => fragmentDepth(f, visiting));
      visiting.delete(name);
      depths.set(name, depth);
      return depth;
    };
    return {
      OperationDefinition(operation) {
        const depth = selectionDepth(operation.selectionSet, context, (f) => fragmentDepth(f, new Set()));
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`the query is ${depth} levels deep; at most ${maxDepth} are allowed`, {
              nodes: [operation],
              extensions: { code: 'query.too_deep', details: { depth, max: maxDepth } },
            }),
          );
        }
      },
    };
  };
}

function selectionDepth(
  selectionSet: SelectionSetNode | undefined,
  context: ValidationContext,
  fragmentDepth: (fragment: FragmentDefinitionNode) => number,
): number {
  let deepest = 0;
  for (const selection of selectionSet?.selections ?? []) {
    let depth = 0;
    if (selection.kind === Kind.FIELD) {
      const own = UNCOUNTED_FIELDS.has(selection.name.value) ? 0 : 1;
      depth = own + selectionDepth(selection.selectionSet, context, fragmentDepth);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = selectionDepth(selection.selectionSet, context, fragmentDepth);
    } else {
      const fragment = context.getFragment(selection.name.value);
      depth = fragment ? fragmentDepth(fragment) : 0;
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}
