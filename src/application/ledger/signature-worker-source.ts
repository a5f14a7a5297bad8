// The code of a signature worker thread, as JavaScript text run with `eval: true`.
// It is text rather than a module file so that the same worker runs from `dist` and
// under jest (which compiles TypeScript in the test process, not in worker threads),
// and it needs nothing but node:crypto. It does only the Ed25519 arithmetic: the
// main thread has already applied Writ's policy (the key came out of checkPublicKey
// when it was registered, the signature decoded strictly and has S < L), exactly as
// nodeVerifier does before it calls the same `crypto.verify`.
//
// Message in:  { id, keys: string[] (base64url of the checked key bytes),
//                texts: string[] (canonical statement text), sigs: Uint8Array (n * 64) }
// Message out: { id, ok: Uint8Array (1 verified, 0 not) }, its buffer transferred.
export const SIGNATURE_WORKER_SOURCE = `
'use strict';
const { createPublicKey, verify } = require('node:crypto');
const { parentPort, workerData } = require('node:worker_threads');
const prefix = workerData.prefix;
// KeyObjects by key: about 1.2 KB of native memory each, so the most recent 8,192 are
// kept (oldest made first out), as on the main thread (node-verifier.ts).
const keys = new Map();
function keyOf(x) {
  let key = keys.get(x);
  if (key === undefined) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    if (keys.size >= 8192) keys.delete(keys.keys().next().value);
    keys.set(x, key);
  }
  return key;
}
parentPort.on('message', (m) => {
  const n = m.texts.length;
  const ok = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const message = Buffer.from(prefix + m.texts[i], 'utf8');
    ok[i] = verify(null, message, keyOf(m.keys[i]), m.sigs.subarray(i * 64, i * 64 + 64)) ? 1 : 0;
  }
  parentPort.postMessage({ id: m.id, ok }, [ok.buffer]);
});
`;
