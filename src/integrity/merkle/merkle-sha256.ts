// SHA-256 (FIPS 180-4) of the two fixed-size inputs RFC 9162 trees hash, written into a
// caller's buffer: a leaf 0x00 || 32 bytes (one block) and a node 0x01 || 32 || 32 bytes
// (two blocks). A streaming verifier hashes about three blocks per event; a one-shot
// library hash allocates a digest per call and costs more in call overhead than in
// compression. Held equal to the general SHA-256 by merkle-sha256.unit.spec.ts.

/** FIPS 180-4 §4.2.2 round constants. */
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** FIPS 180-4 §5.3.3 initial hash value. */
const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

const H = new Int32Array(8);
const W = new Int32Array(64);

/** The 16 big-endian words of the 64-byte block at `at`. */
function loadBlock(src: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++) {
    const p = at + i * 4;
    W[i] = (src[p]! << 24) | (src[p + 1]! << 16) | (src[p + 2]! << 8) | src[p + 3]!;
  }
}

/** 32 bytes from src[at..] to dst[to..], without the view object a subarray would allocate. */
function copy32(src: Uint8Array, at: number, dst: Uint8Array, to: number): void {
  for (let i = 0; i < 32; i++) dst[to + i] = src[at + i]!;
}

/** One compression of W[0..15] into H. */
function compress(): void {
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15]!;
    const w2 = W[i - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = H[0]!, b = H[1]!, c = H[2]!, d = H[3]!, e = H[4]!, f = H[5]!, g = H[6]!, h = H[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[0] = (H[0]! + a) | 0;
  H[1] = (H[1]! + b) | 0;
  H[2] = (H[2]! + c) | 0;
  H[3] = (H[3]! + d) | 0;
  H[4] = (H[4]! + e) | 0;
  H[5] = (H[5]! + f) | 0;
  H[6] = (H[6]! + g) | 0;
  H[7] = (H[7]! + h) | 0;
}

function store(out: Uint8Array, at: number): void {
  for (let i = 0; i < 8; i++) {
    const v = H[i]!;
    out[at + i * 4] = v >>> 24;
    out[at + i * 4 + 1] = v >>> 16;
    out[at + i * 4 + 2] = v >>> 8;
    out[at + i * 4 + 3] = v;
  }
}

// The padded messages, assembled in place: prefix byte, input, 0x80, zeros, bit length.
const leafBlock = new Uint8Array(64);
leafBlock[33] = 0x80;
leafBlock[63] = 33 * 8; // 264 bits: 0x0108
leafBlock[62] = 0x01;
const nodeBlocks = new Uint8Array(128);
nodeBlocks[0] = 0x01;
nodeBlocks[65] = 0x80;
nodeBlocks[126] = (65 * 8) >>> 8; // 520 bits: 0x0208
nodeBlocks[127] = (65 * 8) & 0xff;

/** SHA-256(0x00 || src[at..at+32]) written to out[outAt..outAt+32]. */
export function leafHashInto(src: Uint8Array, at: number, out: Uint8Array, outAt: number): void {
  copy32(src, at, leafBlock, 1);
  H.set(IV);
  loadBlock(leafBlock, 0);
  compress();
  store(out, outAt);
}

/** SHA-256(0x01 || left || right), each 32 bytes at its offset, written to out[outAt..outAt+32]; out may overlap the inputs. */
export function nodeHashInto(left: Uint8Array, leftAt: number, right: Uint8Array, rightAt: number, out: Uint8Array, outAt: number): void {
  copy32(left, leftAt, nodeBlocks, 1);
  copy32(right, rightAt, nodeBlocks, 33);
  H.set(IV);
  loadBlock(nodeBlocks, 0);
  compress();
  loadBlock(nodeBlocks, 64);
  compress();
  store(out, outAt);
}
