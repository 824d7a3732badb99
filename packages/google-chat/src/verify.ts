// Google Chat's request authentication: an `Authorization: Bearer` JWT in one of two forms.
// The app-project form is issued by chat@system.gserviceaccount.com for the project number and
// signed with a key of that account's published set; the ID-token form is issued by
// accounts.google.com for the endpoint URL, with `email` chat@system.gserviceaccount.com. Both are
// checked with jose (issuer, audience, expiry with a short clock skew, key from the set).
import { SignatureError } from "@catops/core";
import { type BearerTokenFailure, bearerToken, checkBearerToken, loadJose } from "@catops/teams";

export const GOOGLE_CHAT_ISSUER = "chat@system.gserviceaccount.com";
export const GOOGLE_CHAT_JWKS_URL =
  "https://www.googleapis.com/service_accounts/v1/jwk/chat@system.gserviceaccount.com";
export const GOOGLE_ID_TOKEN_ISSUERS = ["https://accounts.google.com", "accounts.google.com"];
export const GOOGLE_ID_TOKEN_JWKS_URL = "https://www.googleapis.com/oauth2/v3/certs";
export const GOOGLE_CHAT_CLOCK_TOLERANCE_SECONDS = 60;

export interface GoogleChatTokenInput {
  /** The `Authorization` header. */
  authorization: string | null | undefined;
  /** The project number (app-project form) or the endpoint URL (ID-token form); either matches. */
  audience: string | readonly string[];
  /** Default: Google's JWKS for chat@system.gserviceaccount.com. */
  chatJwksUrl?: string;
  /** Default: Google's ID-token JWKS. */
  idTokenJwksUrl?: string;
  /** The current time in ms since the epoch. Default `Date.now()`. */
  now?: number;
}

/** Why a request was refused: for logs only, never for the caller's response. */
export type GoogleChatTokenFailure = "missing audience" | BearerTokenFailure | "wrong email";

/** Thrown by `assertGoogleChatToken`; `reason` says which check failed. */
export class GoogleChatTokenError extends SignatureError<GoogleChatTokenFailure> {
  override name = "GoogleChatTokenError";
  constructor(reason: GoogleChatTokenFailure) {
    super("Google Chat", reason);
  }
}

/** The checks, in order; undefined when Google Chat signed the request for this app. */
export async function googleChatTokenFailure(
  input: GoogleChatTokenInput,
): Promise<GoogleChatTokenFailure | undefined> {
  const audiences = (
    typeof input.audience === "string" ? input.audience.split(",") : [...input.audience]
  )
    .map((audience) => audience.trim())
    .filter((audience) => audience !== "");
  if (audiences.length === 0) return "missing audience";
  const token = bearerToken(input.authorization);
  if (!token) return "missing token";
  const { decodeJwt } = await loadJose();
  let issuer: unknown;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    return "malformed token";
  }
  const idToken = typeof issuer === "string" && GOOGLE_ID_TOKEN_ISSUERS.includes(issuer);
  if (issuer !== GOOGLE_CHAT_ISSUER && !idToken) return "wrong issuer";
  const result = await checkBearerToken({
    authorization: input.authorization,
    jwksUrl: idToken
      ? (input.idTokenJwksUrl ?? GOOGLE_ID_TOKEN_JWKS_URL)
      : (input.chatJwksUrl ?? GOOGLE_CHAT_JWKS_URL),
    issuers: idToken ? GOOGLE_ID_TOKEN_ISSUERS : [GOOGLE_CHAT_ISSUER],
    audiences,
    clockToleranceSeconds: GOOGLE_CHAT_CLOCK_TOLERANCE_SECONDS,
    now: input.now ?? Date.now(),
  });
  if (!result.ok) return result.failure;
  if (
    idToken &&
    (result.claims.email !== GOOGLE_CHAT_ISSUER || result.claims.email_verified !== true)
  )
    return "wrong email";
  return undefined;
}

/** True when Google Chat signed the request for this app. */
export async function verifyGoogleChatToken(input: GoogleChatTokenInput): Promise<boolean> {
  return (await googleChatTokenFailure(input)) === undefined;
}

/** Like `verifyGoogleChatToken`, but throws a `GoogleChatTokenError` naming the failed check. */
export async function assertGoogleChatToken(input: GoogleChatTokenInput): Promise<void> {
  const failure = await googleChatTokenFailure(input);
  if (failure) throw new GoogleChatTokenError(failure);
}
