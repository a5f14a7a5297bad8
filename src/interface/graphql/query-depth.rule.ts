// Refuses operations nested deeper than a bound before any resolver runs: nesting is
// where a small query turns into a large amount of work. Introspection counts too.
import {
  GraphQLError,
  Kind,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/**
 * `ofType` only unwraps list and non-null wrappers in introspection. The standard
 * introspection query (graphql-js `getIntrospectionQuery`) nests it 9 times to reach the
 * named type of `[[T!]!]!`-like wrappers, so that many nested `ofType` are not counted
 * (counting them would refuse the query every tool sends); each one past them is.
 */
export const UNCOUNTED_OF_TYPE_LEVELS = 9;

export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext) => {
    // A fragment's depth depends on how many `ofType` it is spread under, so it is remembered per run.
    const depths = new Map<string, number>();
    const fragmentDepth = (fragment: FragmentDefinitionNode, ofTypeRun: number, visiting: Set<string>): number => {
      const name = fragment.name.value;
      const key = `${name}@${ofTypeRun}`;
      const known = depths.get(key);
      if (known !== undefined) return known;
      if (visiting.has(name)) return 0; // a cycle: NoFragmentCyclesRule reports it
      visiting.add(name);
      const depth = selectionDepth(fragment.selectionSet, context, ofTypeRun, (f, run) => fragmentDepth(f, run, visiting));
      visiting.delete(name);
      depths.set(key, depth);
      return depth;
    };
    return {
      OperationDefinition(operation) {
        const depth = selectionDepth(operation.selectionSet, context, 0, (f, run) => fragmentDepth(f, run, new Set()));
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

/** `ofTypeRun`: how many `ofType` fields directly enclose this selection. */
function selectionDepth(
  selectionSet: SelectionSetNode | undefined,
  context: ValidationContext,
  ofTypeRun: number,
  fragmentDepth: (fragment: FragmentDefinitionNode, ofTypeRun: number) => number,
): number {
  let deepest = 0;
  for (const selection of selectionSet?.selections ?? []) {
    let depth = 0;
    if (selection.kind === Kind.FIELD) {
      const run = selection.name.value === 'ofType' ? ofTypeRun + 1 : 0;
      const own = run > 0 && run <= UNCOUNTED_OF_TYPE_LEVELS ? 0 : 1;
      depth = own + selectionDepth(selection.selectionSet, context, run, fragmentDepth);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = selectionDepth(selection.selectionSet, context, ofTypeRun, fragmentDepth);
    } else {
      const fragment = context.getFragment(selection.name.value);
      depth = fragment ? fragmentDepth(fragment, ofTypeRun) : 0;
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}
