// generateKeys() returns what sign() and the statement builders take: the keys go where
// a public key is expected (and become its base64url text), and every wrong thing passed
// fails with a message naming the field to use. Keys never reach a statement with their seed.
import { agentHandlers } from '../../src/domain/agent/agent.decide';
import { ledgerHandlers } from '../../src/domain/ledger/ledger.decide';
import { principalHandlers } from '../../src/domain/principal/principal.decide';
import { checkPublicKey, nobleVerifier, verifyDetached } from '../../src/integrity/ed25519';
import { fromBase64Url, toBase64Url, utf8ToBytes } from '../../src/integrity/bytes';
import { verifyStatementSignature } from '../../src/integrity/statement';
import { exportKeys, generateKeys, importKeys, parseKeyFile, readToken, sign, statements, type Statement } from '../../src/sdk';

const ctx = { ledgerId: 'ledger-1', actor: 'human-1' };
const keys = generateKeys();
const imported = importKeys(exportKeys(keys, 'p-1'));
if (!imported.ok) throw new Error('the key file does not load');
const parsed = parseKeyFile(exportKeys(keys));
if (!parsed.ok) throw new Error('the key file does not parse');
const handlers: Record<string, { parse: (b: unknown) => { ok: boolean } }> = { ...principalHandlers, ...agentHandlers, ...ledgerHandlers };

const model = { name: 'm', version: '1' };
const withKey = {
  registerPrincipal: (publicKey: never) => statements.registerPrincipal({ principalId: 'p-1', kind: 'human', name: 'P', publicKey }, ctx),
  rotatePrincipalKey: (publicKey: never) => statements.rotatePrincipalKey({ principalId: 'p-1', publicKey }, ctx),
  provisionAgent: (publicKey: never) => statements.provisionAgent({ agentId: 'a-1', ownerId: 'p-1', publicKey, purpose: 'buy', model }, ctx),
  rotateAgentKey: (publicKey: never) => statements.rotateAgentKey({ agentId: 'a-1', publicKey }, ctx),
  rotateLedgerKey: (publicKey: never) => statements.rotateLedgerKey({ publicKey }, ctx),
};

describe.each(Object.entries(withKey))('statements.%s', (_mutation, build) => {
  test.each([
    ['the keys generateKeys() returns', keys],
    ["importKeys' value", imported.value],
    ["parseKeyFile's value", parsed.value],
    ['the public key bytes', keys.publicKey],
    ['the base64url text', keys.publicKeyBase64Url],
  ])('takes %s as publicKey and writes the text the domain accepts', (_what, given) => {
    const statement = build(given as never);
    expect((statement.body as { publicKey: unknown }).publicKey).toBe(keys.publicKeyBase64Url);
    expect(JSON.stringify(statement)).not.toContain(toBase64Url(keys.seed));
    expect(handlers[statement.type]!.parse(statement.body)).toMatchObject({ ok: true });
  });
});

test('the builders accept keys for publicKey in their types, without a cast', () => {
  const statement = statements.provisionAgent({ agentId: 'a-1', ownerId: 'p-1', publicKey: keys, purpose: 'buy', model }, ctx);
  const text: string = statement.body.publicKey;
  expect(text).toBe(keys.publicKeyBase64Url);
});

test('sign takes the keys, their seed, or importKeys(...).value, and the signature verifies under the public key', () => {
  const statement = statements.suspendAgent({ agentId: 'a-1' }, ctx);
  const key = checkPublicKey(keys.publicKey);
  if (!key.ok) throw new Error('public key');
  for (const signer of [keys, keys.seed, imported.value, { seed: Buffer.from(keys.seed) }]) {
    const signed = sign(statement, signer);
    expect(verifyStatementSignature(nobleVerifier, key.value, signed.statement, signed.signature)).toBe(true);
  }
});

test('a read token is signed by the keys or their seed alike, and a public key is refused by name', () => {
  const input = { principalId: 'p-1', ledgerId: 'ledger-1', nowMs: Date.UTC(2026, 0, 1) };
  for (const seed of [keys, keys.seed]) {
    const [header, payload, signature] = readToken({ ...input, seed }).split('.');
    expect(verifyDetached(nobleVerifier, keys.publicKey, utf8ToBytes(`${header}.${payload}`), fromBase64Url(signature!)!)).toBe(true);
  }
  expect(() => readToken({ ...input, seed: keys.publicKeyBase64Url as never })).toThrow(/^readToken\(\): seed: got text.*`seed`/);
});

describe('a wrong signing key fails with a message naming what to pass', () => {
  const statement: Statement = statements.suspendAgent({ agentId: 'a-1' }, ctx);
  test.each([
    ['the public key text', keys.publicKeyBase64Url, /got text.*`seed`/],
    ['importKeys() result itself', importKeys(exportKeys(keys)), /Result.*`value`/],
    ['keys without a seed', { publicKey: keys.publicKey }, /no `seed`/],
    ['a short seed', new Uint8Array(31), /32 bytes, got 31/],
    ['nothing', undefined, /generateKeys\(\).*`seed`/],
  ])('%s', (_what, given, message) => {
    expect(() => sign(statement, given as never)).toThrow(TypeError);
    expect(() => sign(statement, given as never)).toThrow(message);
  });
});

describe('keys or bytes anywhere else in a body are refused by path, and the seed never leaks', () => {
  const seedText = toBase64Url(keys.seed);
  test.each([
    ['keys in another field', () => statements.reviewAgent({ agentId: 'a-1', reason: keys as never }, ctx), /^body\.reason: .*keys\.publicKeyBase64Url/],
    ['keys nested in a list', () => statements.grantRole({ principalId: 'p-1', role: [keys] as never }, ctx), /^body\.role\[0\]: .*secret seed/],
    ['bytes in another field', () => statements.reviewAgent({ agentId: 'a-1', reason: keys.publicKey as never }, ctx), /^body\.reason: bytes .*base64url/],
    ['a public key of the wrong size', () => statements.rotateAgentKey({ agentId: 'a-1', publicKey: new Uint8Array(31) }, ctx), /^body\.publicKey: a public key is 32 bytes, got 31/],
    ['a Result where the keys go', () => statements.rotateAgentKey({ agentId: 'a-1', publicKey: importKeys(exportKeys(keys)) as never }, ctx), /^body\.publicKey\.value: .*secret seed/],
  ])('%s', (_what, build, message) => {
    expect(build).toThrow(TypeError);
    expect(build).toThrow(message);
    try {
      build();
    } catch (error) {
      expect((error as Error).message).not.toContain(seedText);
    }
  });
});

test('text that is not a key is left for the ledger to refuse with its own field path', () => {
  const statement = statements.rotateAgentKey({ agentId: 'a-1', publicKey: 'not-a-key' }, ctx);
  expect(statement.body.publicKey).toBe('not-a-key');
  expect(agentHandlers['agent.key_rotated']!.parse(statement.body)).toMatchObject({ ok: false, problems: [{ code: 'key.malformed', path: 'body.publicKey' }] });
});
