// Web Crypto helpers shared by every connector, so each verifier stays a few lines.

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    // A signing key is imported once per secret, not once per request.
    key = crypto.subtle.importKey(
      "raw",
      encoder.encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    if (keyCache.size > 16) keyCache.clear();
    keyCache.set(secret, key);
  }
  return key;
}

// Made on first use: a Node cold start signs without it, and 256 strings are 8 KB of the young
// generation a cold start fills before its first collection.
let hexDigits: string[] | undefined;

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  hexDigits ??= Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
  let out = "";
  for (let i = 0; i < view.length; i++) out += hexDigits[view[i]!];
  return out;
}

/** Hex HMAC-SHA256 with Web Crypto: the portable default every runtime has. */
export async function webCryptoHmacSha256(secret: string, message: string): Promise<string> {
  const signature = await crypto.subtle.sign(
    "HMAC",
    await hmacKey(secret),
    encoder.encode(message),
  );
  return toHex(signature);
}

/**
 * Compares two strings in time that depends only on their lengths (which are not secret: a
 * signature's is fixed by its format). Whole numbers only in the loop, so it stays fast.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
