// Outgoing JSON calls from a connector (late replies, chat APIs): bounded retries on 429, 5xx
// and network errors with exponential backoff honouring Retry-After, a per-attempt timeout (an
// attempt that timed out may have been delivered, so it is tried again at most once), and
// a log line for every failure that names the host and at most a harmless path prefix, never a
// token or a URL's secret path. Only fetch, AbortController and timers: every runtime has them.
import type { Logger } from "../types.js";

export interface OutboundOptions {
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

/** One call: what it is, for the logs, and how the platform's answers are read. */
export interface OutboundCall extends OutboundOptions {
  /** Names the call in logs: 'response_url', 'chat.postMessage'. */
  what: string;
  /** Names the platform in log messages: 'Slack' logs "Slack request failed". */
  platform: string;
  /** Default POST. A GET sends no body. */
  method?: "GET" | "POST" | "PATCH" | "PUT";
  headers?: Record<string, string>;
  /** Reads an answer: success, failure, and whether to try again. Default `httpVerdict`. */
  judge?: (response: OutboundResponse) => OutboundVerdict;
  /** How the URL is named in logs. Default `hostAndFirstSegment`. */
  describeTarget?: (url: string) => string;
}

/** What came back from one attempt. */
export interface OutboundResponse {
  status: number;
  headers: Headers;
  /** The body as text. */
  text: string;
  /** The body parsed when it is JSON, else the text. */
  body: unknown;
}

export interface OutboundVerdict {
  ok: boolean;
  /** Worth another attempt (only read when not ok). */
  retry?: boolean;
  /** Why it failed, with no secret in it. */
  error?: string;
  /** How long the platform asked us to wait before the next attempt. */
  retryAfterMs?: number;
}

export interface OutboundResult {
  ok: boolean;
  /** The last HTTP status, when a response came back. */
  status?: number;
  /** What went wrong: the status and the platform's message, or the network error. */
  error?: string;
  /** The last response body, parsed when it was JSON. */
  body?: unknown;
  attempts: number;
}

/** The settings a connector takes for its outgoing calls. */
export type OutboundSettings = Pick<OutboundOptions, "fetch" | "sleep" | "retries" | "timeoutMs">;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Attempt {
  result: OutboundResult;
  retry: boolean;
  retryAfterMs?: number;
  /** No answer came within the timeout: the platform may have acted on the request. */
  timedOut?: boolean;
}

// A slow platform that did act on a timed-out request would show the message once per attempt.
const TIMEOUT_RETRIES = 1;

/** Sends `body` as JSON, retrying what can succeed later; resolves (never rejects) to the outcome. */
export async function postJson(
  url: string,
  body: unknown,
  call: OutboundCall,
): Promise<OutboundResult> {
  const retries = Math.max(0, call.retries ?? 3);
  const sleep = call.sleep ?? defaultSleep;
  const maxWaitMs = call.maxWaitMs ?? 10_000;
  const backoffMs = call.backoffMs ?? 500;
  const payload = JSON.stringify(body);
  const target = (call.describeTarget ?? hostAndFirstSegment)(url);
  let timeouts = 0;
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptCall(url, payload, call, attempt);
    if (outcome.result.ok) return outcome.result;
    if (outcome.timedOut) timeouts++;
    const fields = {
      call: call.what,
      target,
      attempt,
      status: outcome.result.status,
      error: outcome.result.error,
    };
    if (!outcome.retry || attempt > retries || timeouts > TIMEOUT_RETRIES) {
      call.log?.error(`${call.platform} request failed`, fields);
      return outcome.result;
    }
    const wait = Math.min(maxWaitMs, outcome.retryAfterMs ?? backoffMs * 2 ** (attempt - 1));
    call.log?.warn(`${call.platform} request failed; retrying`, { ...fields, waitMs: wait });
    await sleep(wait);
  }
}

async function attemptCall(
  url: string,
  payload: string,
  call: OutboundCall,
  attempt: number,
): Promise<Attempt> {
  const timeoutMs = call.timeoutMs ?? 10_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const method = call.method ?? "POST";
    const response = await (call.fetch ?? fetch)(
      url,
      method === "GET"
        ? { method, headers: { ...call.headers }, signal: controller.signal }
        : {
            method,
            headers: { "content-type": "application/json; charset=utf-8", ...call.headers },
            body: payload,
            signal: controller.signal,
          },
    );
    const text = await response.text();
    const answer = { status: response.status, headers: response.headers, text, body: parse(text) };
    const { status, body } = answer;
    const verdict = (call.judge ?? httpVerdict)(answer);
    if (verdict.ok) return { result: { ok: true, status, body, attempts: attempt }, retry: false };
    const error = verdict.error ?? `HTTP ${status}`;
    return {
      result: { ok: false, status, error, body, attempts: attempt },
      retry: verdict.retry === true,
      retryAfterMs: verdict.retryAfterMs,
    };
  } catch (error) {
    const timedOut = controller.signal.aborted;
    const message = timedOut ? `timed out after ${timeoutMs} ms` : networkError(error);
    return { result: { ok: false, error: message, attempts: attempt }, retry: true, timedOut };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The plain HTTP reading: 2xx succeeds; 429 and 5xx are tried again after Retry-After (or the
 * backoff); any other status fails at once, with the body when it is short text.
 */
export function httpVerdict(response: OutboundResponse): OutboundVerdict {
  const { status, body } = response;
  if (status === 429 || status >= 500)
    return {
      ok: false,
      retry: true,
      error: `HTTP ${status}`,
      retryAfterMs: retryAfterMs(response.headers.get("retry-after")),
    };
  if (status < 200 || status >= 300) {
    const error =
      typeof body === "string" && body ? `HTTP ${status}: ${clipDetail(body)}` : `HTTP ${status}`;
    return { ok: false, retry: false, error };
  }
  return { ok: true };
}

/**
 * `httpVerdict`, with the `error.message` of a JSON error body (`{"error":{"message":…}}`, as
 * Microsoft's Bot Connector and Google's APIs answer) in every failure.
 */
export function jsonErrorVerdict(response: OutboundResponse): OutboundVerdict {
  const verdict = httpVerdict(response);
  if (verdict.ok) return verdict;
  const message = (response.body as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === "string"
    ? { ...verdict, error: `HTTP ${response.status}: ${clipDetail(message)}` }
    : verdict;
}

/** A Retry-After header (seconds or an HTTP date) as ms from now; undefined when unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  // A number is never a date: Date.parse("-1") is the year -1, which would mean "now".
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The host and first path segment only: a response_url's or webhook's path is a credential. */
export function hostAndFirstSegment(url: string): string {
  try {
    const parsed = new URL(url);
    const first = parsed.pathname.split("/").filter(Boolean)[0];
    return `${parsed.host}${first ? `/${first}` : ""}`;
  } catch {
    return "invalid URL";
  }
}

/** A platform's error text, cut to fit a log line: at most `max` characters. */
export function clipDetail(text: string, max = 100): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function networkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string } })?.cause;
  if (cause?.code) return `network error: ${cause.code}`;
  return `network error: ${error instanceof Error ? error.message : String(error)}`;
}
