// Late replies over fetch: a response_url poster and a minimal chat.postMessage client, with
// bounded retries on 429/5xx/network errors (honouring Retry-After), a per-request timeout, and a
// log line for every failure that names neither the token nor the response_url's secret path.
import type { Logger } from "@catops/core";

export interface SlackHttpOptions {
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Waits between attempts; injectable so tests do not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Further attempts after the first. Default 3. */
  retries?: number;
  /** How long one attempt may take, in ms. Default 10 s. */
  timeoutMs?: number;
  /** The longest wait between attempts, Retry-After included, in ms. Default 10 s. */
  maxWaitMs?: number;
  /** The first backoff, doubled on each retry, in ms. Default 500. */
  backoffMs?: number;
  log?: Logger;
}

export interface SlackPostResult {
  ok: boolean;
  /** The last HTTP status, when a response came back. */
  status?: number;
  /** What went wrong: Slack's error code, the status, or the network error. */
  error?: string;
  /** The last response body, parsed when it was JSON. */
  body?: unknown;
  attempts: number;
}

export const DEFAULT_SLACK_API_URL = "https://slack.com/api";

/** Slack Web API errors that say "try again", sent with HTTP 200. */
const RETRYABLE_API_ERRORS = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Attempt {
  result: SlackPostResult;
  retry: boolean;
  retryAfterMs?: number;
}

/**
 * POSTs JSON, retrying what can succeed later. `what` names the call in logs; `apiResponse`
 * reads Slack Web API bodies (`{ ok: false, error }` arrives with status 200).
 */
export async function postJson(
  url: string,
  body: unknown,
  options: SlackHttpOptions & {
    what: string;
    headers?: Record<string, string>;
    apiResponse?: boolean;
  },
): Promise<SlackPostResult> {
  const retries = Math.max(0, options.retries ?? 3);
  const sleep = options.sleep ?? defaultSleep;
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const backoffMs = options.backoffMs ?? 500;
  const payload = JSON.stringify(body);
  const where = describeTarget(url);
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptPost(url, payload, options, attempt);
    if (outcome.result.ok) return outcome.result;
    const last = !outcome.retry || attempt > retries;
    const fields = {
      call: options.what,
      target: where,
      attempt,
      status: outcome.result.status,
      error: outcome.result.error,
    };
    if (last) {
      options.log?.error("Slack request failed", fields);
      return outcome.result;
    }
    const wait = Math.min(maxWaitMs, outcome.retryAfterMs ?? backoffMs * 2 ** (attempt - 1));
    options.log?.warn("Slack request failed; retrying", { ...fields, waitMs: wait });
    await sleep(wait);
  }
}

async function attemptPost(
  url: string,
  payload: string,
  options: SlackHttpOptions & { headers?: Record<string, string>; apiResponse?: boolean },
  attempt: number,
): Promise<Attempt> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", ...options.headers },
      body: payload,
      signal: controller.signal,
    });
    const text = await response.text();
    const body = parseMaybeJson(text);
    const status = response.status;
    if (status === 429 || status >= 500) {
      return {
        result: { ok: false, status, error: `HTTP ${status}`, body, attempts: attempt },
        retry: true,
        retryAfterMs: retryAfterMs(response.headers.get("retry-after")),
      };
    }
    if (status < 200 || status >= 300) {
      const error =
        typeof body === "string" && body ? `HTTP ${status}: ${clip(body)}` : `HTTP ${status}`;
      return { result: { ok: false, status, error, body, attempts: attempt }, retry: false };
    }
    if (options.apiResponse) {
      const api = body as { ok?: unknown; error?: unknown } | undefined;
      if (typeof api !== "object" || api === null || api.ok !== true) {
        const error = typeof api?.error === "string" ? api.error : "unexpected response";
        return {
          result: { ok: false, status, error, body, attempts: attempt },
          retry: RETRYABLE_API_ERRORS.has(error),
          retryAfterMs: retryAfterMs(response.headers.get("retry-after")),
        };
      }
    }
    return { result: { ok: true, status, body, attempts: attempt }, retry: false };
  } catch (error) {
    const message = controller.signal.aborted
      ? `timed out after ${timeoutMs} ms`
      : networkError(error);
    return { result: { ok: false, error: message, attempts: attempt }, retry: true };
  } finally {
    clearTimeout(timer);
  }
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

/** The one Web API method CatOps needs, over fetch. */
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
  };
}

export type SlackWebClient = ReturnType<typeof createSlackWebClient>;

/** Seconds or an HTTP date, as ms from now; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The host and first path segment only: a response_url's path is a credential. */
function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const first = parsed.pathname.split("/").filter(Boolean)[0];
    return `${parsed.host}${first ? `/${first}` : ""}`;
  } catch {
    return "invalid URL";
  }
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function networkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return `network error: ${cause.code}`;
  return `network error: ${error instanceof Error ? error.message : String(error)}`;
}

function clip(text: string, max = 100): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
