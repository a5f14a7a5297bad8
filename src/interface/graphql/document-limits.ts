// Bounds on a GraphQL document itself, checked before it is parsed (size, tokens,
// nesting) or before it is validated (aliases). Parsing and validating are recursive and
// their cost grows with the text, so they must only ever see documents of bounded shape:
// 10,000 nested input objects overflow the parser's stack, and every parsed document
// may be kept in Mercurius's query cache (graphql.options.ts: its size in bytes is
// bounded because each document is).
import { GraphQLError, Kind, Lexer, Source, TokenKind, visit, type DocumentNode, type Token } from 'graphql';
import { problem, type Problem } from '../../errors/problem';

export interface DocumentLimits {
  /** UTF-8 bytes of the document text. */
  readonly maxBytes: number;
  /** Lexical tokens, comments included (the parser keeps those too). */
  readonly maxTokens: number;
  /** Brackets open at once: `{`, `[`, `(` (selections, fragments, lists, input objects). */
  readonly maxNesting: number;
  /** Fields with an alias, in the whole document. */
  readonly maxAliases: number;
}

const OPENING: ReadonlySet<TokenKind> = new Set([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING: ReadonlySet<TokenKind> = new Set([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * The first bound the text breaks, or undefined. `source` is the client's, unchecked.
 * A lexical error is left to the parser, which reports it the same way every time.
 */
export function sourceProblem(source: string, limits: DocumentLimits): Problem | undefined {
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > limits.maxBytes) {
    return problem('query.too_large', `the query is ${bytes} bytes; at most ${limits.maxBytes} are allowed`, '', { bytes, max: limits.maxBytes });
  }
  try {
    return scan(source, limits);
  } catch (error) {
    if (error instanceof GraphQLError) return undefined;
    throw error;
  }
}

function scan(source: string, limits: DocumentLimits): Problem | undefined {
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  let nesting = 0;
  let previous: Token = lexer.token;
  for (let token = lexer.advance(); ; token = lexer.advance()) {
    for (let between = previous.next; between !== null && between !== token; between = between.next) tokens += 1; // comments
    if (token.kind !== TokenKind.EOF) tokens += 1;
    if (tokens > limits.maxTokens) {
      return problem('query.too_large', `the query has more than ${limits.maxTokens} tokens`, '', { max: limits.maxTokens });
    }
    if (token.kind === TokenKind.EOF) return undefined;
    if (OPENING.has(token.kind)) nesting += 1;
    else if (CLOSING.has(token.kind)) nesting -= 1;
    if (nesting > limits.maxNesting) {
      return problem('query.too_deep', `the query nests more than ${limits.maxNesting} brackets`, '', { nesting, max: limits.maxNesting });
    }
    previous = token;
  }
}

/** Too many aliases: each one is another copy of a field's whole answer. */
export function aliasProblem(document: DocumentNode, limits: DocumentLimits): Problem | undefined {
  let aliases = 0;
  visit(document, {
    [Kind.FIELD](field) {
      if (field.alias !== undefined) aliases += 1;
    },
  });
  if (aliases <= limits.maxAliases) return undefined;
  return problem('query.too_many_aliases', `the query has ${aliases} aliases; at most ${limits.maxAliases} are allowed`, '', { aliases, max: limits.maxAliases });
}
