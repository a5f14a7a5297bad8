// The built SDK and integrity core load and work under plain Node (CommonJS build
// requiring the ESM-only @noble packages through require(esm)), not only under jest.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');

test('the built SDK signs and verifies a statement under plain Node', () => {
  const script = `
    const sdk = require('writ/sdk');
    const keys = sdk.generateKeys();
    const st = sdk.createStatement({ ledgerId: 'l1', type: 'agent.reviewed', actor: 'h1', body: { agentId: 'a1' } });
    const signed = sdk.sign(st, keys.seed);
    const { verifyDetached, nobleVerifier } = require('./dist/src/integrity/ed25519');
    const { signingMessage } = require('./dist/src/integrity/statement');
    const ok = verifyDetached(nobleVerifier, keys.publicKey, signingMessage(signed.statement), Buffer.from(signed.signature, 'base64url'));
    process.stdout.write(JSON.stringify({ ok, type: JSON.parse(signed.statement).type }));
  `;
  const out = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
  expect(JSON.parse(out)).toEqual({ ok: true, type: 'agent.reviewed' });
});
