// The retrying JSON poster every connector sends late replies with. fetch is injected (the
// connectors' own tests send through it over real loopback HTTP); each scripted answer is a real
// Web Response, and a hanging one honours the abort signal as fetch does.
import { describe, expect, it } from "vitest";
import {
  hostAndFirstSegment,
  type OutboundCall,
  type OutboundResponse,
  postJson,
  retryAfterMs,
} from "./outbound.js";
import type { Logger } from "../types.js";

const SECRET_PATH = "/hooks/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN";
const URL_WITH_SECRET = `https://chat.example.com${SECRET_PATH}`;

type Script = { status: number; body?: string; headers?: Record<string, string> } | "hang" | Error;

/** A fetch that answers with each scripted step in turn and records what it was sent. */
function scriptedFetch(...steps: Script[]) {
  const sent: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    const step = steps.shift() ?? { status: 200 };
    if (step instanceof Error) throw step;
    if (step === "hang")
      return new Promise<Response>((_, reject) =>
        init.signal!.addEventListener("abort", () => reject(new Error("aborted"))),
      );
    return new Response(step.body ?? "", { status: step.status, headers: step.headers });
  }) as unknown as typeof fetch;
  return { fetch: fetchImpl, sent };
}

function capture() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, message, fields });
  const log: Logger = {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
  };
  return { log, lines };
}

function call(extra: Partial<OutboundCall> = {}) {
  const waits: number[] = [];
  const options: OutboundCall = {
    what: "response_url",
    platform: "Chat",
    sleep: async (ms) => void waits.push(ms),
    ...extra,
  };
  return { options, waits };
}

describe("postJson", () => {
  it("sends the body as JSON with the method and headers asked for", async () => {
    const { fetch, sent } = scriptedFetch({ status: 200, body: '{"ts":"1.2"}' });
    const { options } = call({ fetch, method: "PATCH", headers: { authorization: "Bot x" } });
    const result = await postJson(URL_WITH_SECRET, { text: "hi" }, options);
    expect(result).toEqual({ ok: true, status: 200, body: { ts: "1.2" }, attempts: 1 });
    expect(sent[0]!.init).toMatchObject({
      method: "PATCH",
      body: '{"text":"hi"}',
      headers: { "content-type": "application/json; charset=utf-8", authorization: "Bot x" },
    });
  });

  it("sends a GET with the headers asked for and no body", async () => {
    const { fetch, sent } = scriptedFetch({ status: 200, body: '{"id":"u1"}' });
    const { options } = call({ fetch, method: "GET", headers: { authorization: "Bearer x" } });
    const result = await postJson(URL_WITH_SECRET, undefined, options);
    expect(result).toEqual({ ok: true, status: 200, body: { id: "u1" }, attempts: 1 });
    expect(sent[0]!.init.method).toBe("GET");
    expect(sent[0]!.init.body).toBeUndefined();
    expect(sent[0]!.init.headers).toEqual({ authorization: "Bearer x" });
  });

  it("backs off exponentially on 5xx, gives up after the retries, logs each failure", async () => {
    const { fetch, sent } = scriptedFetch(...Array.from({ length: 5 }, () => ({ status: 503 })));
    const { log, lines } = capture();
    const { options, waits } = call({ fetch, log, retries: 3 });
    const result = await postJson(URL_WITH_SECRET, {}, options);
    expect(result).toMatchObject({ ok: false, status: 503, error: "HTTP 503", attempts: 4 });
    expect(sent).toHaveLength(4);
    expect(waits).toEqual([500, 1000, 2000]);
    expect(lines.map((l) => `${l.level} ${l.message}`)).toEqual([
      "warn Chat request failed; retrying",
      "warn Chat request failed; retrying",
      "warn Chat request failed; retrying",
      "error Chat request failed",
    ]);
    expect(lines[0]!.fields).toEqual({
      call: "response_url",
      target: "chat.example.com/hooks",
      attempt: 1,
      status: 503,
      error: "HTTP 503",
      waitMs: 500,
    });
    expect(JSON.stringify(lines)).not.toContain("96rGlfmibIGlgcZRskXaIFfN");
  });

  it("waits as long as Retry-After says, in seconds or as a date, capped", async () => {
    const inTwoSeconds = new Date(Date.now() + 2500).toUTCString();
    const { fetch } = scriptedFetch(
      { status: 429, headers: { "retry-after": "3" } },
      { status: 429, headers: { "retry-after": "600" } },
      { status: 503, headers: { "retry-after": inTwoSeconds } },
    );
    const { options, waits } = call({ fetch, maxWaitMs: 5000 });
    expect(await postJson(URL_WITH_SECRET, {}, options)).toMatchObject({ ok: true, attempts: 4 });
    expect(waits.slice(0, 2)).toEqual([3000, 5000]);
    expect(waits[2]).toBeGreaterThan(500);
    expect(waits[2]).toBeLessThanOrEqual(2500);
  });

  it("does not retry a 4xx, and reports a short text body", async () => {
    const { fetch, sent } = scriptedFetch({ status: 404, body: "x".repeat(150) });
    const { options, waits } = call({ fetch });
    const result = await postJson(URL_WITH_SECRET, {}, options);
    expect(result).toMatchObject({
      ok: false,
      status: 404,
      error: `HTTP 404: ${"x".repeat(100)}…`,
    });
    expect(sent).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("retries network errors, naming the error's code", async () => {
    const refused = new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    const { fetch } = scriptedFetch(refused, refused, refused);
    const { log, lines } = capture();
    const { options, waits } = call({ fetch, log, retries: 2 });
    const result = await postJson(URL_WITH_SECRET, {}, options);
    expect(result).toEqual({ ok: false, error: "network error: ECONNREFUSED", attempts: 3 });
    expect(waits).toEqual([500, 1000]);
    expect(lines.at(-1)).toMatchObject({ level: "error", fields: { status: undefined } });
  });

  it("gives up on an attempt that outlasts the timeout, then tries again", async () => {
    const { fetch } = scriptedFetch("hang", "hang", { status: 200 });
    const { options } = call({ fetch, timeoutMs: 20, retries: 1 });
    const started = Date.now();
    const result = await postJson(URL_WITH_SECRET, {}, options);
    expect(result).toEqual({ ok: false, error: "timed out after 20 ms", attempts: 2 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("reads answers with the connector's own judge and names targets its own way", async () => {
    const { fetch } = scriptedFetch(
      { status: 200, body: '{"ok":false,"error":"ratelimited"}' },
      { status: 200, body: '{"ok":true}' },
    );
    const judge = (response: OutboundResponse) =>
      (response.body as { ok: boolean }).ok
        ? { ok: true }
        : { ok: false, retry: true, error: "ratelimited", retryAfterMs: 1500 };
    const { log, lines } = capture();
    const { options, waits } = call({ fetch, log, judge, describeTarget: () => "the API" });
    const result = await postJson(URL_WITH_SECRET, {}, options);
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(waits).toEqual([1500]);
    expect(lines[0]!.fields).toMatchObject({ target: "the API", error: "ratelimited" });
  });
});

describe("retryAfterMs", () => {
  it("reads seconds and HTTP dates, and nothing else", () => {
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    expect(retryAfterMs("1.5", now)).toBe(1500);
    expect(retryAfterMs("Wed, 21 Oct 2015 07:28:10 GMT", now)).toBe(10_000);
    expect(retryAfterMs("Wed, 21 Oct 2015 07:27:00 GMT", now)).toBe(0);
    expect(retryAfterMs("-1", now)).toBeUndefined();
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe("hostAndFirstSegment", () => {
  it("keeps the host and the first path segment only", () => {
    expect(hostAndFirstSegment(URL_WITH_SECRET)).toBe("chat.example.com/hooks");
    expect(hostAndFirstSegment("http://127.0.0.1:8080/")).toBe("127.0.0.1:8080");
    expect(hostAndFirstSegment("not a url")).toBe("invalid URL");
  });
});
