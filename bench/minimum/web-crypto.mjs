// The hand-written minimum with Web Crypto, the portable HMAC every runtime has: the signing
// key is imported once, each request is verified and `/catops hi` answered.
const encoder = new TextEncoder();
let key;

function signingKey(secret) {
  key ??= crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return key;
}

function hex(buffer) {
  let out = "";
  for (const byte of new Uint8Array(buffer)) out += byte.toString(16).padStart(2, "0");
  return out;
}

function sameText(a, b) {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length && i < b.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Verifies and answers; returns [status, JSON body]. */
export async function answer(secret, timestamp, signature, body) {
  if (!timestamp || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return [401, ""];
  const mac = await crypto.subtle.sign(
    "HMAC",
    await signingKey(secret),
    encoder.encode(`v0:${timestamp}:${body}`),
  );
  if (!sameText(`v0=${hex(mac)}`, signature ?? "")) return [401, ""];
  const text = new URLSearchParams(body).get("text");
  return [
    200,
    JSON.stringify({
      response_type: "in_channel",
      text: text === "hi" ? "Meow!" : `Unknown command ${text}`,
    }),
  ];
}
