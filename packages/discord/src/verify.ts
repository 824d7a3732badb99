// Discord signs every interaction with Ed25519: `X-Signature-Ed25519` over the
// `X-Signature-Timestamp` value followed by the raw body, checked with the application's public
// key. Web Crypto where the runtime has Ed25519 (or workerd's older NODE-ED25519), else RFC 8032
// in TypeScript.
import {
  SIGNATURE_WINDOW_SECONDS,
  SignatureError,
  type SignedRequestInput,
  type TimestampFailure,
  timestampFailure,
  toHex,
} from "@catops/core";
import { ed25519VerifyFallback } from "./ed25519.js";

/**
 * `timestamp` is the `X-Signature-Timestamp` header (unix seconds), `signature` the
 * `X-Signature-Ed25519` header (128 hex digits).
 */
export interface DiscordSignatureInput extends SignedRequestInput {
  /** The application's public key from the Developer Portal: 64 hex digits. */
  publicKey: string;
  /** Which Ed25519 to use. Default: Web Crypto when the runtime has it, else the fallback. */
  implementation?: Ed25519Implementation;
}

/** Why a request was refused: for logs only, never for the caller's response. */
export type DiscordSignatureFailure =
  | "missing public key"
  | "malformed public key"
  | TimestampFailure
  | "missing signature"
  | "malformed signature"
  | "signature mismatch";

export type Ed25519Implementation = "auto" | "webcrypto" | "fallback";

/** How far a request's timestamp may be from our clock, either way: a replay is refused. */
export const DISCORD_SIGNATURE_WINDOW_SECONDS = SIGNATURE_WINDOW_SECONDS;

const HEX_KEY = /^[0-9a-f]{64}$/i;
// Discord sends lower-case hex: one signature header per body, so any change to it fails.
const HEX_SIGNATURE = /^[0-9a-f]{128}$/;
const encoder = new TextEncoder();

/** Thrown by `assertDiscordSignature`; `reason` says which check failed. */
export class DiscordSignatureError extends SignatureError<DiscordSignatureFailure> {
  override name = "DiscordSignatureError";
  constructor(reason: DiscordSignatureFailure) {
    super("Discord", reason);
  }
}

/** The checks, in order; undefined when Discord signed the request. */
export async function discordSignatureFailure(
  input: DiscordSignatureInput,
): Promise<DiscordSignatureFailure | undefined> {
  const { publicKey, timestamp, signature, body } = input;
  if (!publicKey) return "missing public key";
  if (!HEX_KEY.test(publicKey)) return "malformed public key";
  const stale = timestampFailure(timestamp, input.now, DISCORD_SIGNATURE_WINDOW_SECONDS);
  if (stale) return stale;
  if (!signature) return "missing signature";
  if (!HEX_SIGNATURE.test(signature)) return "malformed signature";
  const valid = await ed25519Verify(
    hexToBytes(publicKey),
    encoder.encode(timestamp + body),
    hexToBytes(signature),
    input.implementation,
  );
  return valid ? undefined : "signature mismatch";
}

/** True when Discord signed the request with the application's key in the last five minutes. */
export async function verifyDiscordSignature(input: DiscordSignatureInput): Promise<boolean> {
  return (await discordSignatureFailure(input)) === undefined;
}

/** Like `verifyDiscordSignature`, but throws a `DiscordSignatureError` naming the failed check. */
export async function assertDiscordSignature(input: DiscordSignatureInput): Promise<void> {
  const failure = await discordSignatureFailure(input);
  if (failure) throw new DiscordSignatureError(failure);
}

/** Verifies an Ed25519 signature with Web Crypto when the runtime has it, else in TypeScript. */
export async function ed25519Verify(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  implementation: Ed25519Implementation = "auto",
): Promise<boolean> {
  if (implementation !== "fallback") {
    const verdict = await webCryptoEd25519Verify(publicKey, message, signature);
    if (verdict !== undefined) return verdict;
    if (implementation === "webcrypto") throw new Error("this runtime's Web Crypto has no Ed25519");
  }
  return ed25519VerifyFallback(publicKey, message, signature);
}

type Ed25519Algorithm = { name: "Ed25519" } | { name: "NODE-ED25519"; namedCurve: "NODE-ED25519" };

/** The algorithm names runtimes know Ed25519 by: the standard one, then workerd's older one. */
const ALGORITHMS: readonly Ed25519Algorithm[] = [
  { name: "Ed25519" },
  { name: "NODE-ED25519", namedCurve: "NODE-ED25519" },
];
/** RFC 8032 TEST 1's public key: a key every Ed25519 implementation imports. */
const PROBE_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

let supported: Promise<Ed25519Algorithm | null> | undefined;
const keyCache = new Map<string, Promise<CryptoKey | null>>();

/** The Web Crypto algorithm this runtime verifies Ed25519 with, or null when it has none. */
export function webCryptoEd25519Algorithm(): Promise<Ed25519Algorithm | null> {
  supported ??= (async () => {
    for (const algorithm of ALGORITHMS) {
      try {
        await crypto.subtle.importKey(
          "raw",
          hexToBytes(PROBE_KEY) as Uint8Array<ArrayBuffer>,
          algorithm,
          false,
          ["verify"],
        );
        return algorithm;
      } catch {
        // Not this name: try the next, then fall back to TypeScript.
      }
    }
    return null;
  })();
  return supported;
}

/** Web Crypto's verdict, or undefined when this runtime's Web Crypto has no Ed25519. */
export async function webCryptoEd25519Verify(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean | undefined> {
  const algorithm = await webCryptoEd25519Algorithm();
  if (!algorithm) return undefined;
  const key = await importKey(publicKey, algorithm);
  // A key the runtime will not import is not a point on the curve: nothing verifies against it.
  if (!key) return false;
  return crypto.subtle.verify(
    algorithm,
    key,
    signature as Uint8Array<ArrayBuffer>,
    message as Uint8Array<ArrayBuffer>,
  );
}

function importKey(publicKey: Uint8Array, algorithm: Ed25519Algorithm): Promise<CryptoKey | null> {
  const id = `${algorithm.name}:${toHex(publicKey)}`;
  let key = keyCache.get(id);
  if (!key) {
    // A public key is imported once, not once per request.
    key = crypto.subtle
      .importKey("raw", publicKey as Uint8Array<ArrayBuffer>, algorithm, false, ["verify"])
      .catch(() => null);
    if (keyCache.size > 16) keyCache.clear();
    keyCache.set(id, key);
  }
  return key;
}

export function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
