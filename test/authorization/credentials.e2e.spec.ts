// Issued credentials against the real service: the agent asks through the SDK, and the
// token is checked with the real `jose` library against the service's JWKS over HTTP.
// Tampered, expired and foreign-key tokens are refused; after the ledger key is rotated
// (the operator stages the new key file, an admin signs `ledger.key_rotated`), the old
// token still verifies, new ones carry the new kid, and a restart keeps both keys.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRemoteJWKSet, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { formatKeyFile, generateKeys, verifyReceipt } from '../../src/sdk';
import { startService, type ServiceProcess } from '../support/service-process';
import { ServiceWorld } from './support/service-world';

let dataDir: string | undefined;
let service: ServiceProcess;
let w: ServiceWorld;

beforeAll(async () => {
  service = await startService({ env: { WRIT_DURABILITY: 'normal' } });
  dataDir = service.dataDir;
  w = new ServiceWorld(service);
  await w.procurement();
}, 60_000);
afterAll(async () => {
  await service?.stop();
  if (dataDir !== undefined) rmSync(dirname(dataDir), { recursive: true, force: true });
});

const jwks = () => createRemoteJWKSet(new URL(`${service.url}/.well-known/jwks.json`), { cacheMaxAge: 0, cooldownDuration: 0 });

async function issue(credentialId: string) {
  const r = await w.client.requestCredential(w.signed(w.agent, 'requestCredential', { credentialId, delegationId: w.dProc, task: { id: 'restock' }, ttlSeconds: 300 }));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

test('the issued credential verifies with jose against /.well-known/jwks.json', async () => {
  const answer = await issue('c-e2e-1');
  expect(answer.receipt).toMatchObject({ type: 'credential.issued', stream: 'credential-c-e2e-1' });
  // RFC 9068: jose's own checks of issuer, audience (the ledger, as none was asked for) and typ.
  const { payload, protectedHeader } = await jwtVerify(answer.credential.token, jwks(), { issuer: service.origin, audience: service.origin, typ: 'at+jwt', subject: w.hana.id, algorithms: ['EdDSA'] });
  expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt', kid: answer.credential.kid });
  expect(payload).toMatchObject({
    jti: 'c-e2e-1',
    client_id: w.agent.id,
    cnf: { jwk: { kty: 'OKP', crv: 'Ed25519', x: w.agent.keys.publicKeyBase64Url } },
    // RFC 8693: the agent holding the credential is the current actor, acting for Hana through d-proc.
    act: { sub: w.agent.id, writ_delegation: w.dProc },
  });
  expect(payload.authorization_details).toHaveLength(2);
  expect(payload.exp! - payload.iat!).toBe(300);
});

test('tampered, expired and foreign-key tokens are refused', async () => {
  const { credential } = await issue('c-e2e-2');
  const [h, p, s] = credential.token.split('.');
  const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
  const tampered = Buffer.from(JSON.stringify({ ...claims, sub: w.sub.id })).toString('base64url');
  await expect(jwtVerify(`${h}.${tampered}.${s}`, jwks())).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  await expect(jwtVerify(credential.token, jwks(), { currentDate: new Date((claims.exp + 1) * 1000) })).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
  const foreign = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: credential.kid }).sign(foreign.privateKey);
  await expect(jwtVerify(forged, jwks())).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
});

test('a ledger key rotation to a key whose seed is not staged is refused, changes nothing, and the ledger goes on signing with its key', async () => {
  // Issue 17, item 7: recorded, it left the ledger signing with a retired key, recording
  // no checkpoint, with /healthz still "ok".
  const unstaged = generateKeys();
  const sizeBefore = ((await (await fetch(`${service.url}/healthz`)).json()) as { treeSize: number }).treeSize;
  const refused = await w.client.submit(w.signed(w.admin, 'rotateLedgerKey', { publicKey: unstaged.publicKeyBase64Url }), 'rotateLedgerKey');
  expect(refused.ok ? 'accepted' : refused.problems[0]).toMatchObject({ code: 'ledger.key_not_staged', path: 'body.publicKey' });
  expect(await (await fetch(`${service.url}/healthz`)).json()).toEqual({ status: 'ok', treeSize: sizeBefore });
  const fresh = await issue('c-e2e-unstaged');
  expect(fresh.credential.kid).toBe(((await (await fetch(`${service.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys[0]!.kid);
  await expect(jwtVerify(fresh.credential.token, jwks(), { issuer: service.origin })).resolves.toBeDefined();
  expect(verifyReceipt(fresh.receipt, service.verifierKey, { origin: service.origin }).ok).toBe(true);
});

test('after a ledger key rotation old tokens still verify and the JWKS keeps both keys, across a restart', async () => {
  const old = await issue('c-e2e-before');
  // The operator stages the new key beside the current one; an admin signs the rotation.
  const next = generateKeys();
  writeFileSync(join(service.dataDir, 'keys', 'ledger-next.key.json'), formatKeyFile(next.seed), { mode: 0o600 });
  await w.must(w.admin, 'rotateLedgerKey', { publicKey: next.publicKeyBase64Url });
  const fresh = await issue('c-e2e-after');
  expect(fresh.credential.kid).not.toBe(old.credential.kid);
  const listed = async () => ((await (await fetch(`${service.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string; x: string }[] }).keys;
  expect((await listed()).map((k) => k.kid)).toEqual([old.credential.kid, fresh.credential.kid]);
  expect((await listed())[1]!.x).toBe(next.publicKeyBase64Url);
  await expect(jwtVerify(old.credential.token, jwks(), { issuer: service.origin })).resolves.toBeDefined();
  await expect(jwtVerify(fresh.credential.token, jwks(), { issuer: service.origin })).resolves.toBeDefined();

  const verifierKeyBefore = service.verifierKey;
  service = await service.restart({ env: { WRIT_DURABILITY: 'normal' } });
  w.moveTo(service);
  expect((await listed()).map((k) => k.kid)).toEqual([old.credential.kid, fresh.credential.kid]);
  // Checkpoints are signed with the new key; the staged file became the current one.
  expect(service.verifierKey).not.toBe(verifierKeyBefore);
  expect(existsSync(join(service.dataDir, 'keys', 'ledger-next.key.json'))).toBe(false);
  expect(readFileSync(service.files.ledgerKey, 'utf8')).toBe(formatKeyFile(next.seed));
  await expect(jwtVerify(old.credential.token, jwks())).resolves.toBeDefined();
  const afterRestart = await issue('c-e2e-restart');
  expect(afterRestart.credential.kid).toBe(fresh.credential.kid);
}, 60_000);
