// Bearer JWTs checked with jose against a remote key set: the signature with a key from the set
// (fetched once, kept for a day, fetched again when a token names a key it does not hold, at
// most once a minute), then the issuer, the audience and the expiry with a clock skew. Microsoft
// Teams and Google Chat both sign their requests this way. jose runs on Web Crypto, so this runs
// in every runtime.
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from "jose";

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

type KeySet = ReturnType<typeof createRemoteJWKSet>;
const keySets = new Map<string, KeySet>();

/** The key set at `url`, one per URL per process or isolate, so its cache is shared. */
export function remoteKeySet(url: string): KeySet {
  let keys = keySets.get(url);
  if (!keys) {
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
    const { payload } = await jwtVerify(token, remoteKeySet(check.jwksUrl), {
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

/** What a jose error means for the request. */
export function bearerFailureOf(error: unknown): { failure: BearerTokenFailure; detail?: string } {
  if (error instanceof errors.JWTExpired) return { failure: "expired token" };
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return { failure: "wrong audience" };
    if (error.claim === "iss") return { failure: "wrong issuer" };
    if (error.claim === "nbf" || error.claim === "iat") return { failure: "token not yet valid" };
    return { failure: "missing claim", detail: error.claim };
  }
  if (error instanceof errors.JWKSNoMatchingKey) return { failure: "unknown key" };
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return { failure: "signature mismatch" };
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JOSENotSupported
  )
    return { failure: "malformed token" };
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
    return { failure: "keys unavailable", detail: (error as Error).message };
  // A network error or a refusal while fetching the keys.
  return { failure: "keys unavailable", detail: (error as Error)?.message };
}
