// OAuth access tokens for a bot's outgoing calls: asked for with a form POST (client credentials
// for the Bot Connector, a signed JWT assertion for Google Chat), kept until shortly before they
// expire, and asked for once however many replies need one at the same time.
import type { Logger } from "@catops/core";

export interface AccessToken {
  token: string;
  /** When it expires, in ms since the epoch. */
  expiresAt: number;
}

export interface TokenRequestOptions {
  fetch?: typeof fetch;
  /** How long the token endpoint may take, in ms. Default 10 s. */
  timeoutMs?: number;
  log?: Pick<Logger, "error">;
  /** Names the platform in errors: 'Bot Framework'. */
  platform: string;
}

/** A token is renewed this long before it expires, so no call carries one that just lapsed. */
const RENEW_MARGIN_MS = 5 * 60 * 1000;

/** POSTs `form` to an OAuth token endpoint; rejects with an error that holds no secret. */
export async function requestAccessToken(
  url: string,
  form: Record<string, string>,
  options: TokenRequestOptions,
  now: number = Date.now(),
): Promise<AccessToken> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 10_000);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams(form).toString(),
      signal: controller.signal,
    });
  } catch (error) {
    throw new Error(`${options.platform} token request failed: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
  const text = await response.text();
  let body: { access_token?: unknown; expires_in?: unknown; error?: unknown } = {};
  try {
    body = JSON.parse(text);
  } catch {}
  if (!response.ok || typeof body.access_token !== "string") {
    const reason = typeof body.error === "string" ? `: ${body.error}` : "";
    throw new Error(`${options.platform} token request refused (HTTP ${response.status}${reason})`);
  }
  const seconds = Number(body.expires_in);
  return {
    token: body.access_token,
    expiresAt: now + (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000,
  };
}

/** Caches what `fetchToken` gives until shortly before it expires; one request at a time. */
export function createTokenCache(fetchToken: () => Promise<AccessToken>) {
  let current: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;
  return {
    async get(now: number = Date.now()): Promise<string> {
      if (current && current.expiresAt - RENEW_MARGIN_MS > now) return current.token;
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      current = await pending;
      return current.token;
    },
    /** Forgets the token (the platform refused it). */
    clear(): void {
      current = undefined;
    },
  };
}

export type TokenCache = ReturnType<typeof createTokenCache>;
