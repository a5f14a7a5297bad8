// Which documents Mercurius may hand to graphql-jit (request-hooks.ts hands the others
// back, which makes Mercurius run them with graphql-js).
import { BREAK, visit, type DocumentNode } from 'graphql';

/**
 * graphql-jit compiles a document on its second run, in one synchronous step whose time
 * grows with the document: about as long as running a large one many times, and long
 * enough to stall every other request (100 ms and more for introspection). Clients'
 * own documents, run over and over, are small; large documents and introspection are
 * run by graphql-js instead.
 */
export class CompilePolicy {
  private readonly known = new WeakMap<DocumentNode, boolean>();

  constructor(private readonly maxTokens: number) {}

  worthIt(document: DocumentNode): boolean {
    let worth = this.known.get(document);
    if (worth === undefined) {
      worth = tokenCount(document) <= this.maxTokens && !selectsIntrospection(document);
      this.known.set(document, worth);
    }
    return worth;
  }
}

function tokenCount(document: DocumentNode): number {
  let count = 0;
  for (let token = document.loc?.startToken ?? null; token !== null; token = token.next) count += 1;
  return count;
}

function selectsIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(field) {
      if (field.name.value === '__schema' || field.name.value === '__type') found = true;
      return found ? BREAK : undefined;
    },
  });
  return found;
}
