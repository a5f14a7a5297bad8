// UUIDv7 (RFC 9562 section 5.7): 48 bits of Unix milliseconds, then 74 random bits.
// Writ recommends UUIDv7 for ids and nonces: they sort by creation time (stream names and
// indexes stay local) and the random part keeps two clients from colliding. The random
// bytes come from crypto.getRandomValues through @noble/hashes, available in Node,
// browsers and edge runtimes alike.
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';

const MAX_TIMESTAMP = 2 ** 48 - 1;

/** A new UUIDv7; `nowMs` is the Unix time in milliseconds (the clock by default). */
export function uuidv7(nowMs: number = Date.now()): string {
  if (!Number.isSafeInteger(nowMs) || nowMs < 0 || nowMs > MAX_TIMESTAMP) {
    throw new RangeError(`a UUIDv7 timestamp is 0 to 2^48 - 1 ms, not ${nowMs}`);
  }
  const bytes = randomBytes(16);
  writeTimestamp(bytes, nowMs);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f); // version 7
  bytes[8] = 0x80 | (bytes[8]! & 0x3f); // variant 10 (RFC 9562)
  const hex = bytesToHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Big-endian, by division: JavaScript's bit operators work on 32 bits only.
function writeTimestamp(bytes: Uint8Array, ms: number): void {
  let rest = ms;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
}
