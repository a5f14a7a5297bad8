// Issued credentials as compact JWS, checked with the real `jose` library: RFC 9068
// access tokens read as RFC 8693 defines delegation (DESIGN.md), with jose's own claim
// checks (issuer, audience, typ); tampering and foreign keys refused; after a ledger key
// rotation the old token still verifies while new ones carry the new kid; credentials
// recorded before formats existed keep their first shape.
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, generateKeyPair, jwtVerify, SignJWT, type JSONWebKeySet } from 'jose';
import { toJwk } from '../../src/interface/http/jwks';
import { actorsOf, credentialClaims, tokenTypeOf } from '../../src/application/credentials/credential-claims';
import { issuedCredentialOf, signCompactJws } from '../../src/application/credentials/credential-token';
import { seedSigner } from '../../src/application/ledger/ledger-signer';
import { parseVerifierKey, openCheckpoint } from '../../src/integrity/checkpoint';
import { installNodeSha256 } from '../../src/integrity/sha256-node';
import { RuntimeWorld } from './support/runtime-world';

installNodeSha256();

let w: RuntimeWorld;
const jwks = (): JSONWebKeySet => ({ keys: w.runtime.ledgerKeys().map((k) => ({ ...toJwk(k) })) });

beforeAll(async () => {
  w = await RuntimeWorld.create();
  await w.procurement();
});
afterAll(() => w.close());

async function issue(by = w.sub, delegationId = 'd-vendor', credentialId = `c-${Math.random()}`, over: object = {}) {
  const body = { credentialId, delegationId, task: { id: 'restock', description: 'paper' }, ttlSeconds: 120, ...over };
  const r = await w.runtime.requestCredential(w.f.signed(by, 'credential.request', body));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r;
}

/** RFC 8693 section 4.1: the outermost `act` is the current actor, nested ones the prior actors, in order. */
function actorsInOrder(act: unknown): string[] {
  const actors: string[] = [];
  for (let a = act as { sub?: string; act?: unknown } | undefined; a !== undefined; a = a.act as typeof a) actors.push(a.sub!);
  return actors;
}

test('the credential is an RFC 9068 access token that jose checks with its default claim checks', async () => {
  const r = await issue();
  const { payload, protectedHeader } = await jwtVerify(r.credential.token, createLocalJWKSet(jwks()), {
    issuer: w.runtime.origin,
    audience: w.runtime.origin,
    typ: 'at+jwt',
    algorithms: ['EdDSA'],
    requiredClaims: ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'],
  });
  expect(protectedHeader).toEqual({ alg: 'EdDSA', typ: 'at+jwt', kid: r.credential.kid });
  const result = r.receipt.result as { issuedAt: string; expiresAt: string; tokenFormat: string };
  expect(result.tokenFormat).toBe('rfc9068');
  expect(payload).toEqual({
    iss: w.runtime.origin,
    // On whose behalf: the human at the root of the chain.
    sub: w.hana.id,
    aud: w.runtime.origin,
    client_id: w.sub.id,
    jti: r.credential.credentialId,
    iat: Math.floor(Date.parse(result.issuedAt) / 1000),
    nbf: Math.floor(Date.parse(result.issuedAt) / 1000),
    exp: Math.floor(Date.parse(result.expiresAt) / 1000),
    // The current actor's key (RFC 7800).
    cnf: { jwk: { kty: 'OKP', crv: 'Ed25519', x: w.sub.publicKey } },
    authorization_details: [{ type: 'writ_capability', locations: ['erp://po/vendors/**'], actions: ['read'], conditions: { maxAmount: 0 } }],
    // The subagent acts (outermost), having received authority from the procurement agent through d-vendor,
    // which acted for Hana through d-proc.
    act: { sub: w.sub.id, writ_delegation: 'd-vendor', act: { sub: w.agent.id, writ_delegation: 'd-proc' } },
    writ_task: { id: 'restock', description: 'paper' },
    writ_delegation: 'd-vendor',
  });
  expect(actorsInOrder(payload.act)).toEqual([w.sub.id, w.agent.id]);
  expect(payload.exp! - payload.iat!).toBe(120);
});

test('the audience the agent names (RFC 8707) is the token\'s aud, and jose refuses it for another audience', async () => {
  const r = await issue(w.sub, 'd-vendor', `c-${Math.random()}`, { audience: 'https://erp.example/api' });
  const keySet = createLocalJWKSet(jwks());
  const { payload } = await jwtVerify(r.credential.token, keySet, { issuer: w.runtime.origin, audience: 'https://erp.example/api', typ: 'at+jwt' });
  expect(payload.aud).toBe('https://erp.example/api');
  await expect(jwtVerify(r.credential.token, keySet, { issuer: w.runtime.origin, audience: w.runtime.origin })).rejects.toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'aud' });
});

test('a credential recorded before token formats keeps its first shape, and still verifies until it expires', async () => {
  const r = await issue();
  const body = { credentialId: r.credential.credentialId, delegationId: 'd-vendor', task: { id: 'restock', description: 'paper' }, ttlSeconds: 120 };
  const { tokenFormat: _format, ...earlier } = r.receipt.result as Record<string, unknown>;
  const issued = issuedCredentialOf(w.sub.id, body, earlier)!;
  expect(tokenTypeOf(issued)).toBe('JWT');
  const key = w.runtime.ledgerKeys().find((k) => k.current)!;
  const token = signCompactJws(credentialClaims(w.runtime.origin, issued), { kid: key.kid, sign: seedSigner(w.ledger.keys.seed).sign }, tokenTypeOf(issued));
  const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks()), { issuer: w.runtime.origin });
  expect(protectedHeader.typ).toBe('JWT');
  expect(payload).toMatchObject({ sub: w.sub.id, act: { sub: w.agent.id, writ_delegation: 'd-vendor', act: { sub: w.hana.id, writ_delegation: 'd-proc' } } });
  expect(payload.aud).toBeUndefined();
});

test('a replayed request returns the same claims', async () => {
  const signed = w.f.signed(w.agent, 'credential.request', { credentialId: 'c-replay', delegationId: 'd-proc', task: { id: 'restock' } });
  const first = await w.runtime.requestCredential(signed);
  const again = await w.runtime.requestCredential(signed);
  if (!first.ok || !again.ok) throw new Error('refused');
  expect(again.replayed).toBe(true);
  expect(again.credential.token).toBe(first.credential.token);
});

test('tampered, expired and foreign-key tokens are refused', async () => {
  const { credential } = await issue();
  const keySet = createLocalJWKSet(jwks());
  const [h, p, s] = credential.token.split('.');
  const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
  const widened = Buffer.from(JSON.stringify({ ...claims, authorization_details: [{ ...claims.authorization_details[0], actions: ['read', 'create'] }] })).toString('base64url');
  await expect(jwtVerify(`${h}.${widened}.${s}`, keySet)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  await expect(jwtVerify(credential.token, keySet, { currentDate: new Date((claims.exp + 1) * 1000) })).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
  const foreign = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: credential.kid }).sign(foreign.privateKey);
  await expect(jwtVerify(forged, keySet)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  const unknownKid = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: 'not-a-ledger-key' }).sign(foreign.privateKey);
  await expect(jwtVerify(unknownKid, keySet)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
});

test('after a ledger key rotation the old token still verifies, new tokens and checkpoints use the new key', async () => {
  const before = await issue();
  const oldKid = before.credential.kid;
  const rotated = await w.runtime.rotateKey(`rotate-${Date.now()}`);
  expect(rotated.ok).toBe(true);
  const keys = w.runtime.ledgerKeys();
  expect(keys).toHaveLength(2);
  expect(keys.map((k) => [k.kid === oldKid, k.current])).toEqual([[true, false], [false, true]]);
  const after = await issue();
  expect(after.credential.kid).not.toBe(oldKid);
  expect(decodeProtectedHeader(after.credential.token).kid).toBe(keys[1]!.kid);
  const keySet = createLocalJWKSet(jwks());
  await expect(jwtVerify(before.credential.token, keySet)).resolves.toBeDefined();
  await expect(jwtVerify(after.credential.token, keySet)).resolves.toBeDefined();
  // The checkpoint of the new batch is signed with the new key.
  const vkey = parseVerifierKey(w.runtime.verifierKey);
  if (!vkey.ok) throw new Error('bad verifier key');
  expect(openCheckpoint(after.receipt.checkpoint, [vkey.value], { expectedOrigin: w.runtime.origin }).ok).toBe(true);
  // Decisions go on under the new key.
  expect((await w.decide(w.order(100))).decision).toBe('allowed');
});

test('act nests the actors from the agent holding the credential toward the human', () => {
  const hop = (kind: string, id: string) => ({ kind, id, hash: 'a'.repeat(64), position: 1 }) as never;
  const chain = [hop('agent', 'a3'), hop('delegation', 'd3'), hop('agent', 'a2'), hop('delegation', 'd2'), hop('agent', 'a1'), hop('delegation', 'd1'), hop('principal', 'h'), hop('entitlement', 'e')];
  expect(actorsOf(chain)).toEqual({ sub: 'a3', writ_delegation: 'd3', act: { sub: 'a2', writ_delegation: 'd2', act: { sub: 'a1', writ_delegation: 'd1' } } });
});

test('the JWS is plain compact serialization, checkable by compactVerify', async () => {
  const { credential } = await issue();
  const key = w.runtime.ledgerKeys().find((k) => k.current)!;
  const { importJWK } = await import('jose');
  const verified = await compactVerify(credential.token, await importJWK({ ...toJwk(key) }, 'EdDSA'));
  expect(verified.protectedHeader.alg).toBe('EdDSA');
});
