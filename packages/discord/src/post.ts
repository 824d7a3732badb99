// Calls to Discord's HTTP API over fetch (edits of an interaction's response, channel messages,
// command registration), on the core's retrying JSON poster, with Discord's own readings: the
// `retry_after` of a 429's body, the `message` of an error, and log targets cut before any id
// or token.
import type {
  OutboundOptions,
  OutboundResponse,
  OutboundResult,
  OutboundVerdict,
} from "@catops/core";
import { clipDetail, httpVerdict, postJson, retryAfterMs } from "@catops/core/outbound";

export type DiscordHttpOptions = OutboundOptions;
export type DiscordCallResult = OutboundResult;

export interface DiscordCall {
  method: "POST" | "PATCH" | "PUT";
  url: string;
  body: unknown;
  /** Names the call in logs: 'edit original response'. */
  what: string;
  headers?: Record<string, string>;
}

/** Sends one JSON request to Discord, retrying what can succeed later. */
export function callDiscord(
  call: DiscordCall,
  options: DiscordHttpOptions = {},
): Promise<DiscordCallResult> {
  return postJson(call.url, call.body, {
    ...options,
    what: call.what,
    method: call.method,
    headers: call.headers,
    platform: "Discord",
    judge: discordVerdict,
    describeTarget,
  });
}

/** Discord's message in every failure; a 429's wait from its body's `retry_after` first. */
function discordVerdict(response: OutboundResponse): OutboundVerdict {
  const verdict = httpVerdict(response);
  if (verdict.ok) return verdict;
  const error = describeError(response.status, response.body);
  if (!verdict.retry) return { ...verdict, error };
  const inBody = (response.body as { retry_after?: unknown } | undefined)?.retry_after;
  const fromBody =
    typeof inBody === "number" && Number.isFinite(inBody) && inBody >= 0
      ? inBody * 1000
      : undefined;
  return {
    ...verdict,
    error,
    retryAfterMs: fromBody ?? retryAfterMs(response.headers.get("retry-after")),
  };
}

function describeError(status: number, body: unknown): string {
  const message = (body as { message?: unknown } | undefined)?.message;
  if (typeof message === "string") return `HTTP ${status}: ${clipDetail(message)}`;
  return typeof body === "string" && body
    ? `HTTP ${status}: ${clipDetail(body)}`
    : `HTTP ${status}`;
}

/** The host and the path up to the first id: webhook tokens and ids stay out of logs. */
function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const kept: string[] = [];
    for (const segment of parsed.pathname.split("/").filter(Boolean)) {
      if (/\d{5,}|^@/.test(segment) || segment.length > 24) break;
      kept.push(segment);
    }
    return `${parsed.host}/${kept.join("/")}`;
  } catch {
    return "invalid URL";
  }
}
