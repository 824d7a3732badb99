// The Google Chat API over fetch: `spaces.messages.create` for late replies and alerts,
// `spaces.messages.patch` to update a message, `spaces.findDirectMessage` for a user's DM space,
// with an access token for the app's service account (a JWT assertion signed with the account's
// key by jose, exchanged at Google's token endpoint and cached until shortly before it expires).
import type { OutboundOptions, OutboundResult } from "@catops/core";
import { postJson, jsonErrorVerdict } from "@catops/core/outbound";
import { createTokenCache, loadJose, requestAccessToken, type TokenCache } from "@catops/teams";

export const GOOGLE_CHAT_SCOPE = "https://www.googleapis.com/auth/chat.bot";
export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
export const DEFAULT_GOOGLE_CHAT_API_URL = "https://chat.googleapis.com";

/** The fields of a service account's JSON key that CatOps reads. */
export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  token_uri?: string;
}

/** Reads a service account's JSON key (the file Google hands out, as a string). */
export function parseServiceAccount(json: string): ServiceAccountKey {
  let key: Partial<ServiceAccountKey>;
  try {
    key = JSON.parse(json);
  } catch {
    throw new Error("the service account key is not JSON");
  }
  if (typeof key.client_email !== "string" || typeof key.private_key !== "string")
    throw new Error("the service account key has no client_email or private_key");
  return key as ServiceAccountKey;
}

/** Access tokens for a service account, cached until shortly before they expire. */
export function serviceAccountTokens(
  account: ServiceAccountKey,
  options: Pick<OutboundOptions, "fetch" | "timeoutMs"> & { tokenUrl?: string } = {},
): TokenCache {
  const tokenUrl = options.tokenUrl ?? account.token_uri ?? GOOGLE_TOKEN_URL;
  return createTokenCache(async () => {
    const { importPKCS8, SignJWT } = await loadJose();
    const key = await importPKCS8(account.private_key, "RS256");
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ scope: GOOGLE_CHAT_SCOPE })
      .setProtectedHeader({ alg: "RS256", typ: "JWT" })
      .setIssuer(account.client_email)
      .setAudience(tokenUrl)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(key);
    return requestAccessToken(
      tokenUrl,
      { grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion },
      { ...options, platform: "Google" },
    );
  });
}

export interface GoogleChatCall {
  method: "GET" | "POST" | "PATCH";
  url: string;
  body?: unknown;
  /** Names the call in logs: 'spaces.messages.create'. */
  what: string;
}

/** Sends one request to the Chat API with `token`, retrying what can succeed later. */
export function callGoogleChat(
  call: GoogleChatCall,
  token: string,
  options: OutboundOptions = {},
): Promise<OutboundResult> {
  return postJson(call.url, call.body, {
    ...options,
    what: call.what,
    method: call.method,
    headers: { authorization: `Bearer ${token}` },
    platform: "Google Chat",
    judge: jsonErrorVerdict,
    describeTarget,
  });
}

/** `<api>/v1/spaces/{space}/messages`, replying in `thread` when there is one. */
export function createMessageUrl(apiUrl: string, space: string, thread?: string): string {
  const base = `${apiUrl.replace(/\/+$/, "")}/v1/${space}/messages`;
  return thread ? `${base}?messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD` : base;
}

/** `<api>/v1/spaces/{space}/messages/{message}?updateMask=text,cardsV2`. */
export function patchMessageUrl(apiUrl: string, message: string): string {
  return `${apiUrl.replace(/\/+$/, "")}/v1/${message}?updateMask=text,cardsV2`;
}

/** `<api>/v1/spaces:findDirectMessage?name=users/{user}`: the app's DM space with the user. */
export function findDirectMessageUrl(apiUrl: string, user: string): string {
  return `${apiUrl.replace(/\/+$/, "")}/v1/spaces:findDirectMessage?${new URLSearchParams({ name: user })}`;
}

/** The host and `/v1/spaces`: space, message and user ids stay out of logs. */
function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname.split(/\/spaces[/:]/)[0]}/spaces`;
  } catch {
    return "invalid URL";
  }
}
