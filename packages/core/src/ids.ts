const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

// Random bytes are drawn from Web Crypto a pool at a time: one call per 256 ids of ten
// characters, instead of one call (a few microseconds on Node) per request id.
const POOL_SIZE = 2560;
let pool = new Uint8Array(0);
let used = 0;

/** A short random id (`length` base-36 characters) from Web Crypto. */
export function randomId(length = 10): string {
  if (used + length > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(Math.max(POOL_SIZE, length)));
    used = 0;
  }
  let id = "";
  for (let i = 0; i < length; i++) id += ALPHABET[pool[used++]! % 36];
  return id;
}
