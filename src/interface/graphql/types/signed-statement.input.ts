import { Field, InputType } from '@nestjs/graphql';
import { IsByteLength, IsString, Matches } from 'class-validator';
import type { SignedStatement } from '../../../integrity/statement';

/** Canonical statements are small; 64 KiB bounds the work one signature check may cost. */
export const MAX_STATEMENT_BYTES = 64 * 1024;
/** base64url without padding of a 64-byte Ed25519 signature. */
export const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{86}$/;

@InputType({ description: 'A statement exactly as signed, with its detached signature.' })
export class SignedStatementInput implements SignedStatement {
  @Field({ description: 'The canonical (RFC 8785) statement text that was signed.' })
  @IsString({ message: 'the statement is a string' })
  @IsByteLength(1, MAX_STATEMENT_BYTES, {
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
