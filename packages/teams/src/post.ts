// The Bot Connector REST API over fetch: replies (`POST .../activities/{id}`), new messages
// (`POST .../activities`) and edits (`PUT .../activities/{id}`), each with a bearer token from
// Microsoft's token endpoint (OAuth client credentials), on the core's retrying JSON poster.
import type { OutboundOptions, OutboundResult } from "@catops/core";
import { postJson, jsonErrorVerdict } from "@catops/core/outbound";
import { createTokenCache, requestAccessToken, type TokenCache } from "./access-token.js";

export const BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default";

export interface BotCredentials {
  appId: string;
  password: string;
  /** Single-tenant bots get their tokens from their tenant; multi-tenant ones from botframework.com. */
  tenantId?: string;
  /** Default: Microsoft's token endpoint for the tenant. */
  tokenUrl?: string;
}

/** Microsoft's token endpoint for a bot's tenant. */
export function botTokenUrl(tenantId?: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenantId || "botframework.com")}/oauth2/v2.0/token`;
}

/** Bot Connector tokens for one bot, cached until shortly before they expire. */
export function botConnectorTokens(
  credentials: BotCredentials,
  options: Pick<OutboundOptions, "fetch" | "timeoutMs" | "log"> = {},
): TokenCache {
  return createTokenCache(() =>
    requestAccessToken(
      credentials.tokenUrl ?? botTokenUrl(credentials.tenantId),
      {
        grant_type: "client_credentials",
        client_id: credentials.appId,
        client_secret: credentials.password,
        scope: BOT_FRAMEWORK_SCOPE,
      },
      { ...options, platform: "Bot Framework" },
    ),
  );
}

export interface BotConnectorCall {
  method: "POST" | "PUT";
  url: string;
  body: unknown;
  /** Names the call in logs: 'reply', 'edit'. */
  what: string;
}

/** Sends one activity to the Bot Connector with `token`, retrying what can succeed later. */
export function callBotConnector(
  call: BotConnectorCall,
  token: string,
  options: OutboundOptions = {},
): Promise<OutboundResult> {
  return postJson(call.url, call.body, {
    ...options,
    what: call.what,
    method: call.method,
    headers: { authorization: `Bearer ${token}` },
    platform: "Bot Connector",
    judge: jsonErrorVerdict,
    describeTarget,
  });
}

/** The host and the path up to the conversation: conversation and activity ids stay out of logs. */
function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname.split("/v3/conversations")[0];
    return `${parsed.host}${path}/v3/conversations`;
  } catch {
    return "invalid URL";
  }
}
