// Calls to Discord's HTTP API over fetch (edits of an interaction's response, channel messages,
// command registration), with bounded retries on 429/5xx/network errors honouring Discord's
// `retry_after`, a per-request timeout, and a log line for every failure that never names the
// interaction token or the bot token. The same pattern as the Slack connector's poster.
import type { Logger } from "@catops/core";

export interface DiscordHttpOptions {
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Waits between attempts; injectable so tests do not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Further attempts after the first. Default 3. */
  retries?: number;
  /** How long one attempt may take, in ms. Default 10 s. */
  timeoutMs?: number;
  /** The longest wait between attempts, retry_after included, in ms. Default 10 s. */
  maxWaitMs?: number;
  /** The first backoff, doubled on each retry, in ms. Default 500. */
  backoffMs?: number;
  log?: Logger;
}

export interface DiscordCallResult {
  ok: boolean;
  /** The last HTTP status, when a response came back. */
  status?: number;
  /** What went wrong: the status and Discord's message, or the network error. */
  error?: string;
  /** The last response body, parsed when it was JSON. */
  body?: unknown;
  attempts: number;
}

export interface DiscordCall {
  method: "POST" | "PATCH" | "PUT";
  url: string;
  body: unknown;
  /** Names the call in logs: 'edit original response'. */
  what: string;
  headers?: Record<string, string>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Attempt {
  result: DiscordCallResult;
  retry: boolean;
  retryAfterMs?: number;
}

/** Sends one JSON request to Discord, retrying what can succeed later. */
export async function callDiscord(
  call: DiscordCall,
  options: DiscordHttpOptions = {},
): Promise<DiscordCallResult> {
  const retries = Math.max(0, options.retries ?? 3);
  const sleep = options.sleep ?? defaultSleep;
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const backoffMs = options.backoffMs ?? 500;
  const payload = JSON.stringify(call.body);
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptCall(call, payload, options, attempt);
    if (outcome.result.ok) return outcome.result;
    const fields = {
      call: call.what,
      target: describeTarget(call.url),
      attempt,
      status: outcome.result.status,
      error: outcome.result.error,
    };
    if (!outcome.retry || attempt > retries) {
      options.log?.error("Discord request failed", fields);
      return outcome.result;
    }
    const wait = Math.min(maxWaitMs, outcome.retryAfterMs ?? backoffMs * 2 ** (attempt - 1));
    options.log?.warn("Discord request failed; retrying", { ...fields, waitMs: wait });
    await sleep(wait);
  }
}

async function attemptCall(
  call: DiscordCall,
  payload: string,
  options: DiscordHttpOptions,
  attempt: number,
): Promise<Attempt> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await (options.fetch ?? fetch)(call.url, {
      method: call.method,
      headers: { "content-type": "application/json; charset=utf-8", ...call.headers },
      body: payload,
      signal: controller.signal,
    });
    const body = parseMaybeJson(await response.text());
    const status = response.status;
    if (status >= 200 && status < 300)
      return { result: { ok: true, status, body, attempts: attempt }, retry: false };
    const retry = status === 429 || status >= 500;
    return {
      result: { ok: false, status, error: describeError(status, body), body, attempts: attempt },
      retry,
      retryAfterMs: retry ? retryAfterMs(body, response.headers.get("retry-after")) : undefined,
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

/** Discord's `retry_after` (seconds, fractional) in a 429's body, else the Retry-After header. */
function retryAfterMs(body: unknown, header: string | null): number | undefined {
  const inBody = (body as { retry_after?: unknown } | undefined)?.retry_after;
  if (typeof inBody === "number" && Number.isFinite(inBody) && inBody >= 0) return inBody * 1000;
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function describeError(status: number, body: unknown): string {
  const message = (body as { message?: unknown } | undefined)?.message;
  if (typeof message === "string") return `HTTP ${status}: ${clip(message)}`;
  return typeof body === "string" && body ? `HTTP ${status}: ${clip(body)}` : `HTTP ${status}`;
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

function parseMaybeJson(text: string): unknown {
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

function clip(text: string, max = 100): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
