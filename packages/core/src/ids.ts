const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/** A short random id (`length` base-36 characters) from Web Crypto. */
export function randomId(length = 10): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = "";
  for (const byte of bytes) id += ALPHABET[byte % 36];
  return id;
}
