import { Field, InputType } from '@nestjs/graphql';
import { IsString, Matches, ValidateBy, type ValidationOptions } from 'class-validator';
import { MAX_STATEMENT_BYTES } from '../../../application/ledger/statement-intake';
import type { SignedStatement } from '../../../integrity/statement';

/** base64url without padding of a 64-byte Ed25519 signature. */
export const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{86}$/;

/**
 * UTF-8 length between `min` and `max` bytes: the rule of class-validator's IsByteLength,
 * which measures through encodeURI and a regular-expression split, a visible cost on
 * every append. Counting code units gives the same number without building a string.
 */
function IsUtf8ByteLength(min: number, max: number, options: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isUtf8ByteLength', constraints: [min, max], validator: { validate: (value) => typeof value === 'string' && between(utf8Length(value), min, max) } }, options);
}

const between = (n: number, min: number, max: number): boolean => n >= min && n <= max;

/** Bytes of `text` in UTF-8 (a lone surrogate counts as U+FFFD's three, as encoders write it). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a pair: 2 UTF-16 units, 4 bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}

@InputType({ description: 'A statement exactly as signed, with its detached signature.' })
export class SignedStatementInput implements SignedStatement {
  @Field({ description: 'The canonical (RFC 8785) statement text that was signed.' })
  @IsString({ message: 'the statement is a string' })
  @IsUtf8ByteLength(1, MAX_STATEMENT_BYTES, {
    message: `the statement is 1 to ${MAX_STATEMENT_BYTES} bytes of UTF-8`,
  })
  statement!: string;

  @Field({ description: 'Ed25519 signature, base64url without padding (86 characters).' })
  @IsString({ message: 'the signature is a string' })
  @Matches(SIGNATURE_PATTERN, {
    message: 'the signature is a 64-byte Ed25519 signature in base64url without padding (86 characters)',
  })
  signature!: string;
}
