// Strings and member names for the strict parser (RFC 8259 section 7). Lone surrogates
// are refused whether written raw or escaped (`"\ud800"`), as RFC 8785 section 3.2.2.2
// requires: text that is not well-formed Unicode cannot be signed reproducibly.
import { CH, expected, fail, type Scanner } from './scanner';

const SIMPLE_ESCAPES: Readonly<Record<number, string>> = {
  0x22: '"',
  0x5c: '\\',
  0x2f: '/',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
};

const isHigh = (unit: number): boolean => (unit & 0xfc00) === 0xd800;
const isLow = (unit: number): boolean => (unit & 0xfc00) === 0xdc00;

/** Reads the string that starts at the opening quote under `s.pos`. */
export function readString(s: Scanner): string {
  const { text } = s;
  let out = '';
  let i = s.pos + 1;
  let run = i; // start of the current stretch of unescaped text
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === CH.QUOTE) {
      s.pos = i + 1;
      return out + text.slice(run, i);
    }
    if (c === CH.BACKSLASH) {
      out += text.slice(run, i) + readEscape(s, i);
      i = run = s.pos;
    } else if (c < CH.SPACE || Number.isNaN(c)) {
      const what = Number.isNaN(c) ? 'unterminated string' : 'unescaped control character';
      fail(s, 'json.syntax', what, i);
    } else if (isHigh(c) && isLow(text.charCodeAt(i + 1))) {
      i += 2;
    } else if (isHigh(c) || isLow(c)) {
      fail(s, 'json.lone_surrogate', 'lone surrogate in a string', i);
    } else {
      i++;
    }
  }
}

/** Decodes the escape at `at` (a backslash) and leaves `s.pos` just after it. */
function readEscape(s: Scanner, at: number): string {
  const c = s.text.charCodeAt(at + 1);
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) {
    s.pos = at + 2;
    return simple;
  }
  if (c !== CH.U_LOWER) expected(s, 'an escape character after a backslash', at + 1);
  const unit = readHex4(s, at + 2);
  if (isHigh(unit) && s.text.startsWith('\\u', at + 6)) {
    const low = readHex4(s, at + 8);
    if (isLow(low)) {
      s.pos = at + 12;
      return String.fromCharCode(unit, low);
    }
  }
  if (isHigh(unit) || isLow(unit)) {
    fail(s, 'json.lone_surrogate', 'escaped lone surrogate in a string', at);
  }
  s.pos = at + 6;
  return String.fromCharCode(unit);
}

/** Four hex digits at `at`, checked one by one (parseInt would stop quietly at `12zz`). */
function readHex4(s: Scanner, at: number): number {
  let unit = 0;
  for (let i = at; i < at + 4; i++) {
    const digit = hexDigit(s.text.charCodeAt(i));
    if (digit < 0) expected(s, 'a hex digit in a \\u escape', i);
    unit = unit * 16 + digit;
  }
  return unit;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20; // folds A-F onto a-f
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}
