// Shared state of the strict parser. The parser throws a Failure internally (a refusal
// can happen many calls deep) and parseJson turns it into a Result at the boundary.
import type { ErrorCode } from '../../errors/codes';
import { joinPath, problem, type Problem } from '../../errors/problem';

export interface Scanner {
  readonly text: string;
  /** Index of the next UTF-16 code unit to read. */
  pos: number;
  /** Containers open around `pos`. */
  depth: number;
  /**
   * Member names and element indexes from the root down to the value being read. Kept
   * as a stack and joined only on failure, so accepted input pays no string building.
   */
  readonly path: (string | number)[];
}

export class Failure {
  constructor(readonly problem: Problem) {}
}

export const scanner = (text: string): Scanner => ({ text, pos: 0, depth: 0, path: [] });

/** Refuses the input: `offset` is the UTF-16 code unit index where the fault starts. */
export function fail(s: Scanner, code: ErrorCode, message: string, offset: number): never {
  const path = s.path.reduce<string>((base, key) => joinPath(base, key), '');
  throw new Failure(problem(code, message, path, { offset }));
}

/** Refuses with `json.syntax`: expected `what`, found the code unit at `offset`. */
export function expected(s: Scanner, what: string, offset = s.pos): never {
  return fail(s, 'json.syntax', `expected ${what}, found ${found(s, offset)}`, offset);
}

/** Describes the code unit at `offset` for messages: `"x"` or `end of text`. */
export function found(s: Scanner, offset: number): string {
  return offset < s.text.length ? JSON.stringify(s.text[offset]) : 'end of text';
}

export const CH = {
  TAB: 0x09,
  LF: 0x0a,
  CR: 0x0d,
  SPACE: 0x20,
  QUOTE: 0x22,
  PLUS: 0x2b,
  COMMA: 0x2c,
  MINUS: 0x2d,
  DOT: 0x2e,
  ZERO: 0x30,
  NINE: 0x39,
  COLON: 0x3a,
  E_UPPER: 0x45,
  LBRACKET: 0x5b,
  BACKSLASH: 0x5c,
  RBRACKET: 0x5d,
  E_LOWER: 0x65,
  U_LOWER: 0x75,
  LBRACE: 0x7b,
  RBRACE: 0x7d,
} as const;

/** Skips the four whitespace characters RFC 8259 allows, and nothing else. */
export function skipWhitespace(s: Scanner): void {
  const { text } = s;
  let i = s.pos;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== CH.SPACE && c !== CH.LF && c !== CH.CR && c !== CH.TAB) break;
    i++;
  }
  s.pos = i;
}
