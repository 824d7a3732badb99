import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { captureLogger, recordingSleep, useRecorder } from "../../../test/support/chat.ts";
import { createSlackWebClient, postToResponseUrl } from "./web-api.ts";

const TOKEN = "xoxb-test-token-1234";
const HOOK_PATH = "/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN";

const recorder = useRecorder();

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}${HOOK_PATH}`;
}

describe("postToResponseUrl", () => {
  it("posts the message as JSON", async () => {
    const result = await postToResponseUrl(`${recorder.url}${HOOK_PATH}`, { text: "Meow!" });
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 1 });
    expect(recorder.requests).toHaveLength(1);
    expect(recorder.requests[0]!.json).toEqual({ text: "Meow!" });
    expect(recorder.requests[0]!.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("retries a 500 and succeeds on the next attempt", async () => {
    recorder.respondWith(HOOK_PATH, { status: 500, body: "oops" });
    const { waits, sleep } = recordingSleep();
    const { logger, lines } = captureLogger();
    const result = await postToResponseUrl(
      `${recorder.url}${HOOK_PATH}`,
      { text: "x" },
      { sleep, log: logger },
    );
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(recorder.requests).toHaveLength(2);
    expect(waits).toEqual([500]);
    expect(lines).toMatchObject([
      { level: "warn", message: "Slack request failed; retrying", fields: { status: 500 } },
    ]);
  });

  it("waits as long as a 429's Retry-After says, capped", async () => {
    recorder.respondWith(
      HOOK_PATH,
      { status: 429, headers: { "retry-after": "2" } },
      { status: 429, headers: { "retry-after": "120" } },
    );
    const { waits, sleep } = recordingSleep();
    const result = await postToResponseUrl(
      `${recorder.url}${HOOK_PATH}`,
      { text: "x" },
      { sleep, maxWaitMs: 5000 },
    );
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(waits).toEqual([2000, 5000]);
  });

  it("backs off exponentially and gives up after the retries, logging each failure", async () => {
    recorder.respondWith(
      HOOK_PATH,
      ...Array.from({ length: 5 }, () => ({ status: 503, body: "down" })),
    );
    const { waits, sleep } = recordingSleep();
    const { logger, lines } = captureLogger();
    const result = await postToResponseUrl(
      `${recorder.url}${HOOK_PATH}`,
      { text: "x" },
      {
        sleep,
        log: logger,
        retries: 3,
      },
    );
    expect(result).toMatchObject({ ok: false, status: 503, error: "HTTP 503", attempts: 4 });
    expect(recorder.requests).toHaveLength(4);
    expect(waits).toEqual([500, 1000, 2000]);
    expect(lines.map((l) => l.level)).toEqual(["warn", "warn", "warn", "error"]);
    expect(lines.at(-1)).toMatchObject({
      message: "Slack request failed",
      fields: { call: "response_url", attempt: 4, target: expect.stringMatching(/\/commands$/) },
    });
    // The response_url's path is a credential: it never reaches a log.
    expect(JSON.stringify(lines)).not.toContain("96rGlfmibIGlgcZRskXaIFfN");
  });

  it("does not retry what cannot succeed (an expired response_url)", async () => {
    recorder.respondWith(HOOK_PATH, { status: 404, body: "expired_url" });
    const { waits, sleep } = recordingSleep();
    const result = await postToResponseUrl(`${recorder.url}${HOOK_PATH}`, { text: "x" }, { sleep });
    expect(result).toMatchObject({
      ok: false,
      status: 404,
      error: "HTTP 404: expired_url",
      attempts: 1,
    });
    expect(waits).toEqual([]);
  });

  it("retries a refused connection and reports it", async () => {
    const { waits, sleep } = recordingSleep();
    const { logger, lines } = captureLogger();
    const result = await postToResponseUrl(
      await closedPortUrl(),
      { text: "x" },
      {
        sleep,
        log: logger,
        retries: 2,
      },
    );
    expect(result).toMatchObject({ ok: false, error: "network error: ECONNREFUSED", attempts: 3 });
    expect(waits).toHaveLength(2);
    expect(lines.at(-1)).toMatchObject({
      level: "error",
      fields: { error: "network error: ECONNREFUSED" },
    });
  });

  it("gives up on an attempt that takes longer than the timeout, then retries", async () => {
    recorder.respondWith(HOOK_PATH, { status: 200, body: "ok", delayMs: 1000 });
    const { sleep } = recordingSleep();
    const started = Date.now();
    const result = await postToResponseUrl(
      `${recorder.url}${HOOK_PATH}`,
      { text: "x" },
      {
        sleep,
        timeoutMs: 150,
      },
    );
    expect(Date.now() - started).toBeLessThan(900);
    expect(result).toMatchObject({ ok: true, attempts: 2 });
  });

  it("reports a timeout when every attempt is too slow", async () => {
    recorder.respondWith(HOOK_PATH, { status: 200, delayMs: 500 }, { status: 200, delayMs: 500 });
    const { sleep } = recordingSleep();
    const result = await postToResponseUrl(
      `${recorder.url}${HOOK_PATH}`,
      { text: "x" },
      {
        sleep,
        timeoutMs: 100,
        retries: 1,
      },
    );
    expect(result).toMatchObject({ ok: false, error: "timed out after 100 ms", attempts: 2 });
  });
});

describe("createSlackWebClient", () => {
  const client = (options: Partial<Parameters<typeof createSlackWebClient>[0]> = {}) =>
    createSlackWebClient({ token: TOKEN, apiUrl: `${recorder.url}/api/`, ...options });

  it("posts chat.postMessage with the bot token", async () => {
    const result = await client().postMessage({ channel: "C1", text: "Meow!", thread_ts: "1.2" });
    expect(result.ok).toBe(true);
    const [request] = recorder.requests;
    expect(request!.path).toBe("/api/chat.postMessage");
    expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request!.json).toEqual({ channel: "C1", text: "Meow!", thread_ts: "1.2" });
  });

  it("reports Slack's error code without retrying it, and never logs the token", async () => {
    recorder.respondWith("/api/chat.postMessage", {
      status: 200,
      body: JSON.stringify({ ok: false, error: "channel_not_found" }),
    });
    const { logger, text } = captureLogger();
    const result = await client({ log: logger, sleep: async () => {} }).postMessage({
      channel: "C404",
      text: "x",
    });
    expect(result).toMatchObject({
      ok: false,
      status: 200,
      error: "channel_not_found",
      attempts: 1,
    });
    expect(text()).toContain("channel_not_found");
    expect(text()).not.toContain(TOKEN);
  });

  it("retries Slack's ratelimited answers and 429s", async () => {
    recorder.respondWith(
      "/api/chat.postMessage",
      { status: 429, headers: { "retry-after": "1" } },
      { status: 200, body: JSON.stringify({ ok: false, error: "ratelimited" }) },
    );
    const { waits, sleep } = recordingSleep();
    const result = await client({ sleep }).postMessage({ channel: "C1", text: "x" });
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(waits).toEqual([1000, 1000]);
  });
});
