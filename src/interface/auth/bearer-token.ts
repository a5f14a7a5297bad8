import { err, ok, problem, type Result } from '../../errors/problem';

// RFC 6750: the scheme is case-insensitive; the token is one run of token68 characters.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The token of an `Authorization: Bearer <token>` header; the header is attacker-controlled. */
export function bearerToken(header: string | readonly string[] | undefined): Result<string> {
  if (header === undefined || header === '') {
    return err(problem('auth.missing_token', 'this read needs an Authorization: Bearer <JWT> header'));
  }
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  if (match === null) {
    return err(problem('auth.invalid_token', 'the Authorization header is not a single Bearer token', '', { reason: 'scheme' }));
  }
  return ok(match[1]!);
}
