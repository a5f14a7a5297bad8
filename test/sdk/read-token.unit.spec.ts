// Read tokens are ordinary EdDSA JWTs: a real JOSE library (jose) verifies them with
// the principal's public key as an OKP JWK, and refuses them when anything is off.
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { keysFromSeed, readToken, readTokenClaims, readTokenSource, type WritKeys } from '../../src/sdk';

const keys = keysFromSeed(new Uint8Array(32).fill(5));
const other = keysFromSeed(new Uint8Array(32).fill(6));
const jwk = (k: WritKeys) => importJWK({ kty: 'OKP', crv: 'Ed25519', x: k.publicKeyBase64Url }, 'EdDSA');
const input = { principalId: 'auditor-1', ledgerId: 'ledger-1', seed: keys.seed };

test('jose verifies the token with the principal key, audience and issuer', async () => {
  const token = readToken({ ...input, ttlSeconds: 60 });
  const { payload, protectedHeader } = await jwtVerify(token, await jwk(keys), { issuer: 'auditor-1', audience: 'ledger-1', algorithms: ['EdDSA'] });
  expect(protectedHeader).toEqual({ alg: 'EdDSA', typ: 'JWT' });
  expect(payload.exp! - payload.iat!).toBe(60);
  expect(payload.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(5);
});

test('jose refuses it under another key, for another audience, or altered', async () => {
  const token = readToken(input);
  await expect(jwtVerify(token, await jwk(other))).rejects.toThrow(/signature/);
  await expect(jwtVerify(token, await jwk(keys), { audience: 'ledger-2' })).rejects.toThrow(/aud/);
  const [h, p, s] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), iss: 'admin-1' })).toString('base64url');
  await expect(jwtVerify(`${h}.${forged}.${s}`, await jwk(keys))).rejects.toThrow(/signature/);
});

test('jose refuses an expired token', async () => {
  const token = readToken({ ...input, ttlSeconds: 10, nowMs: Date.now() - 60_000 });
  await expect(jwtVerify(token, await jwk(keys))).rejects.toThrow(/exp/);
});

test('the claims are exactly iss, aud, iat, exp, jti, and every token has its own jti', () => {
  const claims = readTokenClaims({ ...input, nowMs: 1_700_000_000_999, ttlSeconds: 300 });
  expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti']);
  expect(claims).toMatchObject({ iss: 'auditor-1', aud: 'ledger-1', iat: 1_700_000_000, exp: 1_700_000_300 });
  expect(decodeProtectedHeader(readToken(input))).toEqual({ alg: 'EdDSA', typ: 'JWT' });
  expect(readTokenClaims(input).jti).not.toBe(readTokenClaims(input).jti);
});

test.each([0, 301, 1.5, -5])('a lifetime of %p seconds is refused', (ttlSeconds) => {
  expect(() => readToken({ ...input, ttlSeconds })).toThrow(RangeError);
});

test('a token source reuses its token until it nears expiry, then signs a new one', () => {
  const now = jest.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
  try {
    const source = readTokenSource({ ...input, ttlSeconds: 100 }, 30);
    const first = source();
    now.mockReturnValue(1_700_000_069_000);
    expect(source()).toBe(first);
    now.mockReturnValue(1_700_000_070_000);
    const second = source();
    expect(second).not.toBe(first);
    expect(readTokenClaimsOf(second).iat).toBe(1_700_000_070);
  } finally {
    now.mockRestore();
  }
});

const readTokenClaimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number };
