// Bearer JWTs checked with jose against a remote key set: the signature with a key from the set
// (fetched once, kept for a day, fetched again when a token names a key it does not hold, at
// most once a minute), then the issuer, the audience and the expiry with a clock skew. Microsoft
// Teams and Google Chat both sign their requests this way. jose runs on Web Crypto, so this runs
// in every runtime. It is loaded on the first token checked: a bot whose Teams or Google Chat
// route is never called never parses it (in a bundle split into chunks, it is a chunk).
import { onFirstUse } from "@catops/core";
import type { JWTPayload } from "jose";

/** The parts of jose the connectors use, imported on first use, once per process or isolate. */
export const loadJose = onFirstUse(() => import("./jose-parts.js"));

/** Why a bearer token was refused: for logs only, never for the caller's response. */
export type BearerTokenFailure =
  | "missing token"
  | "malformed token"
  | "expired token"
  | "token not yet valid"
  | "wrong audience"
  | "wrong issuer"
  | "unknown key"
  | "signature mismatch"
  | "keys unavailable"
  | "missing claim";

export interface BearerTokenCheck {
  /** The `Authorization` header as received. */
  authorization: string | null | undefined;
  /** Where the signing keys are published (a JWKS document). */
  jwksUrl: string;
  /** The issuers accepted (`iss`). */
  issuers: readonly string[];
  /** The audiences accepted (`aud`). */
  audiences: readonly string[];
  /** How far a token's times may be from our clock, in seconds. */
  clockToleranceSeconds: number;
  /** The current time in ms since the epoch. */
  now: number;
}

export type BearerTokenResult =
  | { ok: true; claims: JWTPayload }
  | { ok: false; failure: BearerTokenFailure; detail?: string };

/** Keys are read again at most this often when a token names a key the set does not hold. */
const COOLDOWN_MS = 60_000;
/** A key set is kept this long before it is fetched again. */
const CACHE_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const KEY_FETCH_TIMEOUT_MS = 5_000;
const ALGORITHMS = ["RS256"];

type KeySet = ReturnType<typeof import("jose")["createRemoteJWKSet"]>;
const keySets = new Map<string, KeySet>();

/** The key set at `url`, one per URL per process or isolate, so its cache is shared. */
export async function remoteKeySet(url: string): Promise<KeySet> {
  let keys = keySets.get(url);
  if (!keys) {
    const { createRemoteJWKSet } = await loadJose();
    keys = createRemoteJWKSet(new URL(url), {
      cooldownDuration: COOLDOWN_MS,
      cacheMaxAge: CACHE_MAX_AGE_MS,
      timeoutDuration: KEY_FETCH_TIMEOUT_MS,
    });
    if (keySets.size > 16) keySets.clear();
    keySets.set(url, keys);
  }
  return keys;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(authorization: string | null | undefined): string | undefined {
  return BEARER.exec(authorization ?? "")?.[1];
}

/** Checks a bearer token; resolves (never rejects) to its claims or the reason it was refused. */
export async function checkBearerToken(check: BearerTokenCheck): Promise<BearerTokenResult> {
  const token = bearerToken(check.authorization);
  if (!token) return { ok: false, failure: "missing token" };
  try {
    const { jwtVerify } = await loadJose();
    const { payload } = await jwtVerify(token, await remoteKeySet(check.jwksUrl), {
      issuer: [...check.issuers],
      audience: [...check.audiences],
      clockTolerance: check.clockToleranceSeconds,
      currentDate: new Date(check.now),
      algorithms: ALGORITHMS,
      requiredClaims: ["exp"],
    });
    return { ok: true, claims: payload };
  } catch (error) {
    return { ok: false, ...bearerFailureOf(error) };
  }
}

/** What a jose error means for the request, by the error's code (jose's classes load lazily). */
export function bearerFailureOf(error: unknown): { failure: BearerTokenFailure; detail?: string } {
  const { code, claim, message } = (error ?? {}) as {
    code?: string;
    claim?: string;
    message?: string;
  };
  switch (code) {
    case "ERR_JWT_EXPIRED":
      return { failure: "expired token" };
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      if (claim === "aud") return { failure: "wrong audience" };
      if (claim === "iss") return { failure: "wrong issuer" };
      if (claim === "nbf" || claim === "iat") return { failure: "token not yet valid" };
      return { failure: "missing claim", ...(claim ? { detail: claim } : {}) };
    case "ERR_JWKS_NO_MATCHING_KEY":
      return { failure: "unknown key" };
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return { failure: "signature mismatch" };
    case "ERR_JWS_INVALID":
    case "ERR_JWT_INVALID":
    case "ERR_JOSE_ALG_NOT_ALLOWED":
    case "ERR_JOSE_NOT_SUPPORTED":
      return { failure: "malformed token" };
    default:
      // The keys could not be had: a timeout, a bad key set, a network error or a refusal.
      return { failure: "keys unavailable", ...(message ? { detail: message } : {}) };
  }
}
