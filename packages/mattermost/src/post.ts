// Late replies over fetch: a response_url poster with bounded retries on 429/5xx/network errors
// (honouring Retry-After), a per-request timeout, and a log line for every failure that never
// names the response_url's secret path. The same pattern as the Slack connector's poster.
import type { Logger } from "@catops/core";

export interface MattermostHttpOptions {
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

export interface MattermostPostResult {
  ok: boolean;
  /** The last HTTP status, when a response came back. */
  status?: number;
  /** What went wrong: the status or the network error. */
  error?: string;
  attempts: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Attempt {
  result: MattermostPostResult;
  retry: boolean;
  retryAfterMs?: number;
}

/** POSTs a message to a slash command's `response_url`, retrying what can succeed later. */
export async function postToResponseUrl(
  responseUrl: string,
  message: unknown,
  options: MattermostHttpOptions = {},
): Promise<MattermostPostResult> {
  const retries = Math.max(0, options.retries ?? 3);
  const sleep = options.sleep ?? defaultSleep;
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const backoffMs = options.backoffMs ?? 500;
  const payload = JSON.stringify(message);
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptPost(responseUrl, payload, options, attempt);
    if (outcome.result.ok) return outcome.result;
    const fields = {
      call: "response_url",
      target: describeTarget(responseUrl),
      attempt,
      status: outcome.result.status,
      error: outcome.result.error,
    };
    if (!outcome.retry || attempt > retries) {
      options.log?.error("Mattermost request failed", fields);
      return outcome.result;
    }
    const wait = Math.min(maxWaitMs, outcome.retryAfterMs ?? backoffMs * 2 ** (attempt - 1));
    options.log?.warn("Mattermost request failed; retrying", { ...fields, waitMs: wait });
    await sleep(wait);
  }
}

async function attemptPost(
  url: string,
  payload: string,
  options: MattermostHttpOptions,
  attempt: number,
): Promise<Attempt> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: payload,
      signal: controller.signal,
    });
    const text = await response.text();
    const status = response.status;
    if (status >= 200 && status < 300)
      return { result: { ok: true, status, attempts: attempt }, retry: false };
    const retry = status === 429 || status >= 500;
    const error = !retry && text ? `HTTP ${status}: ${clip(text)}` : `HTTP ${status}`;
    return {
      result: { ok: false, status, error, attempts: attempt },
      retry,
      retryAfterMs: retry ? retryAfterMs(response.headers.get("retry-after")) : undefined,
    };
  } catch (error) {
    const message = controller.signal.aborted
      ? `timed out after ${timeoutMs} ms`
      : networkError(error);
    return { result: { ok: false, error: message, attempts: attempt }, retry: true };
  } finally {
    clearTimeout(timer);
  }
}

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

function networkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string } })?.cause;
  if (cause?.code) return `network error: ${cause.code}`;
  return `network error: ${error instanceof Error ? error.message : String(error)}`;
}

function clip(text: string, max = 100): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
