// HMAC-SHA256 in JavaScript: SHA-256 as FIPS 180-4 defines it, HMAC as RFC 2104 does. It signs
// a cold start's first requests on Node, before node:crypto has loaded (see node-hmac.ts): one
// hash here costs about a millisecond the first time, where loading node:crypto costs about six.
// Warm it is several times slower than node:crypto, which takes over once loaded.

/** The first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
// biome-ignore format: eight to a line, as FIPS 180-4 prints them
const K = Int32Array.of(
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
);

/** The first 32 bits of the fractional parts of the square roots of the first 8 primes. */
// biome-ignore format: eight to a line, as FIPS 180-4 prints them
const INITIAL = Int32Array.of(
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
);

/** The message schedule: the block being hashed in its first 16 words, reused by every block. */
const W = new Int32Array(64);

/** Reads the 64-byte block at `offset` into the schedule, as big-endian words. */
function load(bytes: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++, offset += 4)
    W[i] =
      (bytes[offset]! << 24) |
      (bytes[offset + 1]! << 16) |
      (bytes[offset + 2]! << 8) |
      bytes[offset + 3]!;
}

/** Compresses the block in the schedule into `state`. */
function compress(state: Int32Array): void {
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15]!;
    const y = W[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/**
 * The SHA-256 state after `data`, hashed on from `start`, the state after `before` bytes (whole
 * blocks): the rest of the data, then a 1 bit, zeros and the length in bits, in one block or two.
 */
function hashFrom(start: Int32Array, before: number, data: Uint8Array): Int32Array {
  const state = start.slice();
  const whole = data.length - (data.length % 64);
  for (let offset = 0; offset < whole; offset += 64) {
    load(data, offset);
    compress(state);
  }
  const rest = data.length - whole;
  const tail = new Uint8Array(rest < 56 ? 64 : 128);
  tail.set(data.subarray(whole));
  tail[rest] = 0x80;
  const bits = (before + data.length) * 8;
  for (let offset = 0; offset < tail.length; offset += 64) {
    load(tail, offset);
    if (offset + 64 === tail.length) {
      W[14] = Math.floor(bits / 0x100000000);
      W[15] = bits | 0;
    }
    compress(state);
  }
  return state;
}

const encoder = new TextEncoder();

/** The 32 bytes of a digest state. */
function bytesOf(state: Int32Array): Uint8Array {
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const word = state[i]!;
    bytes[i * 4] = word >>> 24;
    bytes[i * 4 + 1] = word >>> 16;
    bytes[i * 4 + 2] = word >>> 8;
    bytes[i * 4 + 3] = word;
  }
  return bytes;
}

const utf8 = (text: string | Uint8Array) =>
  typeof text === "string" ? encoder.encode(text) : text;

/** The states after the key's inner and outer pads, kept for the last key (a bot has one). */
let keyed: { key: string; inner: Int32Array; outer: Int32Array } | undefined;

function keyStates(key: string | Uint8Array): { inner: Int32Array; outer: Int32Array } {
  if (keyed?.key === key) return keyed;
  let bytes = utf8(key);
  if (bytes.length > 64) bytes = bytesOf(hashFrom(INITIAL, 0, bytes));
  const pad = new Uint8Array(64);
  pad.set(bytes);
  const inner = INITIAL.slice();
  const outer = INITIAL.slice();
  for (let i = 0; i < 64; i++) pad[i]! ^= 0x36;
  load(pad, 0);
  compress(inner);
  for (let i = 0; i < 64; i++) pad[i]! ^= 0x36 ^ 0x5c;
  load(pad, 0);
  compress(outer);
  // Bytes are not kept: whoever gave them may change them.
  if (typeof key === "string") keyed = { key, inner, outer };
  return { inner, outer };
}

/** Hex HMAC-SHA256 of `message` under `key` (text as UTF-8), computed in JavaScript. */
export function jsHmacSha256(key: string | Uint8Array, message: string | Uint8Array): string {
  const { inner, outer } = keyStates(key);
  const innerDigest = hashFrom(inner, 64, utf8(message));
  // The outer message is the inner digest: with its padding, one block after the key's.
  const state = outer.slice();
  W.set(innerDigest);
  W[8] = 0x80000000 | 0;
  W.fill(0, 9, 15);
  W[15] = (64 + 32) * 8;
  compress(state);
  let hex = "";
  for (let i = 0; i < 8; i++) hex += (state[i]! >>> 0).toString(16).padStart(8, "0");
  return hex;
}
