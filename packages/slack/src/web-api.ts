// Late replies over fetch: a response_url poster and a minimal chat.postMessage client, on the
// core's retrying JSON poster, which also reads the Web API's `{ ok: false, error }` answers.
import type {
  OutboundOptions,
  OutboundResponse,
  OutboundResult,
  OutboundVerdict,
} from "@catops/core";
import { httpVerdict, postJson as postOutbound, retryAfterMs } from "@catops/core/outbound";

export type SlackHttpOptions = OutboundOptions;
export type SlackPostResult = OutboundResult;

export const DEFAULT_SLACK_API_URL = "https://slack.com/api";

/** Slack Web API errors that say "try again", sent with HTTP 200. */
const RETRYABLE_API_ERRORS = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

/**
 * POSTs JSON, retrying what can succeed later. `what` names the call in logs; `apiResponse`
 * reads Slack Web API bodies (`{ ok: false, error }` arrives with status 200).
 */
export function postJson(
  url: string,
  body: unknown,
  options: SlackHttpOptions & {
    what: string;
    headers?: Record<string, string>;
    apiResponse?: boolean;
  },
): Promise<SlackPostResult> {
  const judge = options.apiResponse ? webApiVerdict : httpVerdict;
  return postOutbound(url, body, { ...options, platform: "Slack", judge });
}

/** A Web API answer: HTTP first, then the body's `ok`, whose error may say to try again. */
function webApiVerdict(response: OutboundResponse): OutboundVerdict {
  const verdict = httpVerdict(response);
  if (!verdict.ok) return verdict;
  const api = response.body as { ok?: unknown; error?: unknown } | undefined;
  if (typeof api === "object" && api !== null && api.ok === true) return verdict;
  const error = typeof api?.error === "string" ? api.error : "unexpected response";
  return {
    ok: false,
    error,
    retry: RETRYABLE_API_ERRORS.has(error),
    retryAfterMs: retryAfterMs(response.headers.get("retry-after")),
  };
}

/** Posts a message to a `response_url` (Slack allows 5 uses within 30 minutes). */
export function postToResponseUrl(
  responseUrl: string,
  message: unknown,
  options: SlackHttpOptions = {},
): Promise<SlackPostResult> {
  return postJson(responseUrl, message, { ...options, what: "response_url" });
}

export interface SlackWebClientOptions extends SlackHttpOptions {
  /** A bot token (xoxb-...). */
  token: string;
  /** Default https://slack.com/api. */
  apiUrl?: string;
}

/** The Web API methods CatOps needs, over fetch. */
export function createSlackWebClient(options: SlackWebClientOptions) {
  const base = (options.apiUrl ?? DEFAULT_SLACK_API_URL).replace(/\/+$/, "");
  const call = (method: string, body: Record<string, unknown>) =>
    postJson(`${base}/${method}`, body, {
      ...options,
      what: method,
      apiResponse: true,
      headers: { authorization: `Bearer ${options.token}` },
    });
  return {
    /** chat.postMessage: `{ channel, text, blocks?, attachments?, thread_ts? }`. */
    postMessage: (body: Record<string, unknown>) => call("chat.postMessage", body),
    /** chat.update: `{ channel, ts, text, blocks?, attachments? }`, an edit of a posted message. */
    update: (body: Record<string, unknown>) => call("chat.update", body),
    /** chat.postEphemeral: a message in a channel that only `user` sees. */
    postEphemeral: (body: Record<string, unknown>) => call("chat.postEphemeral", body),
    /** views.open: a modal, within 3 s of the interaction that gave `trigger_id`. */
    openView: (triggerId: string, view: unknown) =>
      call("views.open", { trigger_id: triggerId, view }),
    /** views.publish: a user's Home tab. */
    publishView: (userId: string, view: unknown) =>
      call("views.publish", { user_id: userId, view }),
    /** apps.connections.open (with an app-level token, xapp-…): a Socket Mode WebSocket URL. */
    openConnection: () => call("apps.connections.open", {}),
  };
}

export type SlackWebClient = ReturnType<typeof createSlackWebClient>;
