// The Node verifier keeps a bounded number of KeyObjects: past the bound the oldest go,
// and a key whose KeyObject went is made again, with the same verdicts.
import { generateKeyPairSync, sign } from 'node:crypto';
import { fromBase64Url } from '../bytes';
import { checkPublicKey, type PublicKey } from '.';
import { keyObjectsHeld, nodeVerifier } from './node-verifier';
import { useKeyPolicyCheck } from './public-key';
import { installSodiumKeyCheck } from './sodium-key-check';

afterAll(() => useKeyPolicyCheck(undefined));

test('at most 8,192 KeyObjects are kept, and a key whose KeyObject was dropped still verifies', async () => {
  // libsodium checks the 8,300 keys in about a second; noble alone would take several.
  await installSodiumKeyCheck();
  const message = Buffer.from('writ key objects');
  const signers: { key: PublicKey; signature: Uint8Array }[] = [];
  for (let i = 0; i < 8_300; i++) {
    const pair = generateKeyPairSync('ed25519');
    const checked = checkPublicKey(fromBase64Url(pair.publicKey.export({ format: 'jwk' }).x!)!);
    if (!checked.ok) throw new Error('a generated key failed the policy');
    signers.push({ key: checked.value, signature: sign(null, message, pair.privateKey) });
  }
  for (const s of signers) expect(nodeVerifier.verify(s.key, message, s.signature)).toBe(true);
  expect(keyObjectsHeld()).toBe(8_192);
  // The first keys' KeyObjects were dropped: made again, same verdicts, bound kept.
  const first = signers[0]!;
  expect(nodeVerifier.verify(first.key, message, first.signature)).toBe(true);
  expect(nodeVerifier.verify(first.key, Buffer.from('another message'), first.signature)).toBe(false);
  expect(keyObjectsHeld()).toBe(8_192);
});
