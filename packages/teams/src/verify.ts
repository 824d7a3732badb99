// Bot Framework's request authentication, as its channel service signs it: an
// `Authorization: Bearer` JWT issued by https://api.botframework.com for the bot's app id, signed
// with a key from the JWKS named by the OpenID metadata document, within five minutes of our
// clock, and carrying a `serviceUrl` claim equal to the activity's (so a token for one service
// cannot send the bot's replies elsewhere).
import { SignatureError } from "@catops/core";
import { type BearerTokenFailure, checkBearerToken } from "./bearer.js";

/** Where Bot Framework publishes its OpenID metadata (and through it, its signing keys). */
export const BOT_FRAMEWORK_OPENID_METADATA_URL =
  "https://login.botframework.com/v1/.well-known/openidconfiguration";
export const BOT_FRAMEWORK_ISSUER = "https://api.botframework.com";
/** Bot Framework allows five minutes of clock skew. */
export const TEAMS_CLOCK_TOLERANCE_SECONDS = 300;

export interface TeamsTokenInput {
  /** The `Authorization` header. */
  authorization: string | null | undefined;
  /** The bot's Microsoft app id: the token's audience. */
  appId: string;
  /** The activity's `serviceUrl`; checked against the token's claim once the body is read. */
  serviceUrl?: string;
  /** Default: Bot Framework's. */
  openIdMetadataUrl?: string;
  /** Default: https://api.botframework.com. */
  issuers?: readonly string[];
  /** The current time in ms since the epoch. Default `Date.now()`. */
  now?: number;
  fetch?: typeof fetch;
}

/** Why a request was refused: for logs only, never for the caller's response. */
export type TeamsTokenFailure =
  | "missing app id"
  | BearerTokenFailure
  | "missing serviceUrl claim"
  | "serviceUrl mismatch";

/** Thrown by `assertTeamsToken`; `reason` says which check failed. */
export class TeamsTokenError extends SignatureError<TeamsTokenFailure> {
  override name = "TeamsTokenError";
  constructor(reason: TeamsTokenFailure) {
    super("Microsoft Teams", reason);
  }
}

/** The token's checks, in order; `claims` when they all pass. */
export async function checkTeamsToken(
  input: TeamsTokenInput,
): Promise<{ failure: TeamsTokenFailure; detail?: string } | { claims: Record<string, unknown> }> {
  if (!input.appId) return { failure: "missing app id" };
  const metadataUrl = input.openIdMetadataUrl ?? BOT_FRAMEWORK_OPENID_METADATA_URL;
  let jwksUrl: string;
  try {
    jwksUrl = await jwksUrlOf(metadataUrl, input.fetch);
  } catch (error) {
    return { failure: "keys unavailable", detail: (error as Error).message };
  }
  const result = await checkBearerToken({
    authorization: input.authorization,
    jwksUrl,
    issuers: input.issuers ?? [BOT_FRAMEWORK_ISSUER],
    audiences: [input.appId],
    clockToleranceSeconds: TEAMS_CLOCK_TOLERANCE_SECONDS,
    now: input.now ?? Date.now(),
  });
  if (!result.ok) return result;
  if (input.serviceUrl !== undefined) {
    const mismatch = serviceUrlFailure(result.claims, input.serviceUrl);
    if (mismatch) return { failure: mismatch };
  }
  return { claims: result.claims };
}

/** The `serviceUrl` claim against the activity's: the same URL, give or take a final slash. */
export function serviceUrlFailure(
  claims: Record<string, unknown>,
  serviceUrl: string,
): TeamsTokenFailure | undefined {
  const claimed = claims.serviceurl ?? claims.serviceUrl;
  if (typeof claimed !== "string" || claimed === "") return "missing serviceUrl claim";
  return trimSlash(claimed) === trimSlash(serviceUrl) ? undefined : "serviceUrl mismatch";
}

/** The checks, in order; undefined when Bot Framework signed the request for this bot. */
export async function teamsTokenFailure(
  input: TeamsTokenInput,
): Promise<TeamsTokenFailure | undefined> {
  const result = await checkTeamsToken(input);
  return "failure" in result ? result.failure : undefined;
}

/** True when Bot Framework signed the request for this bot. */
export async function verifyTeamsToken(input: TeamsTokenInput): Promise<boolean> {
  return (await teamsTokenFailure(input)) === undefined;
}

/** Like `verifyTeamsToken`, but throws a `TeamsTokenError` naming the failed check. */
export async function assertTeamsToken(input: TeamsTokenInput): Promise<void> {
  const failure = await teamsTokenFailure(input);
  if (failure) throw new TeamsTokenError(failure);
}

const METADATA_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const metadata = new Map<string, { jwksUrl: Promise<string>; at: number }>();

/** The `jwks_uri` of an OpenID metadata document, fetched once a day. */
export async function jwksUrlOf(metadataUrl: string, fetcher: typeof fetch = fetch) {
  const now = Date.now();
  const cached = metadata.get(metadataUrl);
  if (cached && now - cached.at < METADATA_MAX_AGE_MS) return cached.jwksUrl;
  const jwksUrl = fetchJwksUrl(metadataUrl, fetcher);
  metadata.set(metadataUrl, { jwksUrl, at: now });
  // A failed fetch is not kept: the next request tries again.
  jwksUrl.catch(() => metadata.delete(metadataUrl));
  return jwksUrl;
}

async function fetchJwksUrl(metadataUrl: string, fetcher: typeof fetch): Promise<string> {
  const response = await fetcher(metadataUrl, {
    headers: { accept: "application/json" },
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`OpenID metadata: HTTP ${response.status}`);
  const document = (await response.json()) as { jwks_uri?: unknown };
  if (typeof document.jwks_uri !== "string") throw new Error("OpenID metadata has no jwks_uri");
  return document.jwks_uri;
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");
