// Relay cursor pagination over keys that sort as text (ids) or numbers (positions).
import { problem, type Problem } from '../../errors/problem';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 1000;

export interface PageArgs {
  readonly first?: number | null | undefined;
  readonly after?: string | null | undefined;
}

export interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

export interface Connection<T> {
  readonly edges: readonly Edge<T>[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

export const encodeCursor = (key: string | number) => Buffer.from(JSON.stringify(key)).toString('base64url');

export interface Page {
  readonly limit: number;
  /** The key after which the page starts, or undefined for the first page. */
  readonly after: string | number | undefined;
}

export function pageOf(args: PageArgs | undefined): { ok: true; page: Page } | { ok: false; problem: Problem } {
  const first = args?.first ?? DEFAULT_PAGE;
  if (!Number.isSafeInteger(first) || first < 1 || first > MAX_PAGE) return { ok: false, problem: problem('input.invalid', `first must be between 1 and ${MAX_PAGE}`, 'first') };
  if (args?.after == null) return { ok: true, page: { limit: first, after: undefined } };
  try {
    const key = JSON.parse(Buffer.from(args.after, 'base64url').toString('utf8')) as unknown;
    if (typeof key === 'string' || typeof key === 'number') return { ok: true, page: { limit: first, after: key } };
  } catch {
    // fall through
  }
  return { ok: false, problem: problem('input.invalid', 'after is not a cursor this API gave', 'after') };
}

/** Builds a connection from up to limit + 1 fetched items (the extra one says there is more). */
export function connectionOf<T>(items: readonly T[], limit: number, key: (item: T) => string | number): Connection<T> {
  const page = items.slice(0, limit);
  const edges = page.map((node) => ({ cursor: encodeCursor(key(node)), node }));
  return { edges, pageInfo: { hasNextPage: items.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
}
