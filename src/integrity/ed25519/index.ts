// Writ's Ed25519: keys, signing, and one verification verdict (docs/ed25519-policy.md).
// Portable: the Node path lives in ./node-verifier and is imported by Node entry points
// only, never from here.
export { generateKeyPair, keyPairFromSeed, sign, type KeyPair } from './keys';
export { checkPublicKey, type PublicKey } from './public-key';
export { verifyDetached, type Ed25519Verifier } from './verifier';
export { nobleVerifier } from './noble-verifier';
