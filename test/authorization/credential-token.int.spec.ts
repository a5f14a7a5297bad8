// Issued credentials as compact JWS, checked with the real `jose` library: claims of
// DESIGN.md (iss, sub, jti, iat/nbf/exp, cnf.jwk, authorization_details, act), tampering
// and foreign keys refused, and after a ledger key rotation the old token still verifies
// while new ones carry the new kid.
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, generateKeyPair, jwtVerify, SignJWT, type JSONWebKeySet } from 'jose';
import { toJwk } from '../../src/interface/http/jwks';
import { actOf } from '../../src/application/credentials/credential-token';
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

async function issue(by = w.sub, delegationId = 'd-vendor', credentialId = `c-${Math.random()}`) {
  const r = await w.runtime.requestCredential(w.f.signed(by, 'credential.request', { credentialId, delegationId, task: { id: 'restock', description: 'paper' }, ttlSeconds: 120 }));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r;
}

test('the credential carries the claims of DESIGN.md and verifies with jose against the JWKS', async () => {
  const r = await issue();
  const { payload, protectedHeader } = await jwtVerify(r.credential.token, createLocalJWKSet(jwks()), { issuer: w.runtime.origin, algorithms: ['EdDSA'] });
  expect(protectedHeader).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: r.credential.kid });
  const result = r.receipt.result as { issuedAt: string; expiresAt: string };
  expect(payload).toMatchObject({
    iss: w.runtime.origin,
    sub: w.sub.id,
    jti: r.credential.credentialId,
    iat: Math.floor(Date.parse(result.issuedAt) / 1000),
    nbf: Math.floor(Date.parse(result.issuedAt) / 1000),
    exp: Math.floor(Date.parse(result.expiresAt) / 1000),
    cnf: { jwk: { kty: 'OKP', crv: 'Ed25519', x: w.sub.publicKey } },
    authorization_details: [{ type: 'writ_capability', locations: ['erp://po/vendors/**'], actions: ['read'], conditions: { maxAmount: 0 } }],
    // RFC 8693 nesting: the procurement agent delegated to the subagent, Hana to the agent.
    act: { sub: w.agent.id, writ_delegation: 'd-vendor', act: { sub: w.hana.id, writ_delegation: 'd-proc' } },
    writ_task: { id: 'restock', description: 'paper' },
    writ_delegation: 'd-vendor',
  });
  expect(payload.exp! - payload.iat!).toBe(120);
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

test('act nests from the leaf delegation to the human', () => {
  const hop = (kind: string, id: string) => ({ kind, id, hash: 'a'.repeat(64), position: 1 }) as never;
  const chain = [hop('agent', 'a3'), hop('delegation', 'd3'), hop('agent', 'a2'), hop('delegation', 'd2'), hop('agent', 'a1'), hop('delegation', 'd1'), hop('principal', 'h'), hop('entitlement', 'e')];
  expect(actOf(chain)).toEqual({ sub: 'a2', writ_delegation: 'd3', act: { sub: 'a1', writ_delegation: 'd2', act: { sub: 'h', writ_delegation: 'd1' } } });
});

test('the JWS is plain compact serialization, checkable by compactVerify', async () => {
  const { credential } = await issue();
  const key = w.runtime.ledgerKeys().find((k) => k.current)!;
  const { importJWK } = await import('jose');
  const verified = await compactVerify(credential.token, await importJWK({ ...toJwk(key) }, 'EdDSA'));
  expect(verified.protectedHeader.alg).toBe('EdDSA');
});
