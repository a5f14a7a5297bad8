// Numbers, both ways: the ES6 serialization JCS prescribes (RFC 8785 section 3.2.2.3),
// and the parser's rule for which number texts it accepts.
//
// Round-trip rule. A number token T (already known to match the RFC 8259 grammar) is
// accepted when D, the double nearest to T's exact decimal value (ties to even, what
// `Number(T)` computes), is finite and the exact decimal value of T equals the exact
// decimal value of ES6 Number::toString(D), the shortest text that reads back as D.
// Exact decimal values are compared as normalized strings (digits without leading or
// trailing zeros, and a base-10 exponent), never through floating point. So:
//   `1.10`, `1e2`, `0.1`, `-0`           accepted: they denote 1.1, 100, 0.1, 0 exactly
//   `12345678901234567890`               refused: D prints as 12345678901234567000
//   `295147905179352825856` (2**68)      refused too: D prints as 295147905179352830000
//   `1e400`                              refused: D is Infinity
//   `1e-400`                             refused: D is 0, which denotes 0, not 1e-400
// In words: a number is accepted when its value survives a trip through a double and
// back to text, so what a signer wrote is what every verifier reads.

const MINUS = 0x2d;

/**
 * ES6 Number::toString, which is what RFC 8785 requires for finite numbers
 * (`String(-0)` is already `"0"`). Undefined for NaN and ±Infinity, which JCS refuses.
 */
export function serializeNumber(n: number): string | undefined {
  return Number.isFinite(n) ? String(n) : undefined;
}

/**
 * The exact decimal value a number token denotes, written one way only:
 * `[-]<digits>e<exponent>` with no leading or trailing zeros in the digits, or `0` for
 * every zero (the sign of zero is not part of its decimal value).
 * Precondition: `token` matches the RFC 8259 number grammar. The exponent is a BigInt
 * because attacker text may carry an exponent with any number of digits.
 */
export function exactDecimal(token: string): string {
  const negative = token.charCodeAt(0) === MINUS;
  const e = token.search(/[eE]/);
  const mantissa = token.slice(negative ? 1 : 0, e < 0 ? token.length : e);
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  let first = 0;
  while (first < digits.length && digits.charCodeAt(first) === 0x30) first++;
  if (first === digits.length) return '0';
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 0x30) end--;
  const fractionLength = dot < 0 ? 0 : mantissa.length - dot - 1;
  const written = e < 0 ? 0n : BigInt(token.slice(e + 1));
  const exponent = written - BigInt(fractionLength) + BigInt(digits.length - end);
  return `${negative ? '-' : ''}${digits.slice(first, end)}e${exponent}`;
}

/**
 * The double a number token denotes, if it round-trips (see the rule above); otherwise
 * undefined. Zero comes back as +0 whatever its sign, since `-0` denotes zero.
 * Precondition: `token` matches the RFC 8259 number grammar.
 */
export function roundTripNumber(token: string): number | undefined {
  const value = Number(token);
  if (!Number.isFinite(value)) return undefined;
  const shortest = String(value);
  // The canonical case needs no normalization: the token is the shortest form itself.
  if (shortest !== token && exactDecimal(shortest) !== exactDecimal(token)) return undefined;
  return value === 0 ? 0 : value;
}

/** Why `roundTripNumber(token)` refused the token, for the Problem's message. */
export function roundTripFailure(token: string): string {
  const value = Number(token);
  if (!Number.isFinite(value)) return `number ${token} is beyond the range of a double`;
  if (value === 0) return `number ${token} is too small for a double and would read as 0`;
  return `number ${token} loses precision in a double, which reads back as ${String(value)}`;
}
