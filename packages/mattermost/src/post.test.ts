import { describe, expect, it } from "vitest";
import { captureLogger, recordingSleep, useRecorder } from "../../../test/support/chat.ts";
import { postToResponseUrl } from "./post.ts";

const HOOK = "/hooks/commands/i11f6nnfgfyk8eg56x9omc6dpa";

const recorder = useRecorder();

describe("postToResponseUrl", () => {
  it("posts the message as JSON", async () => {
    const result = await postToResponseUrl(`${recorder.url}${HOOK}`, {
      response_type: "in_channel",
      text: "done",
    });
    expect(result).toEqual({ ok: true, status: 200, body: "ok", attempts: 1 });
    expect(recorder.requests[0]).toMatchObject({
      method: "POST",
      path: HOOK,
      json: { text: "done" },
    });
  });

  it("retries 5xx with exponential backoff and honours a 429's Retry-After, capped", async () => {
    recorder.respondWith(
      HOOK,
      { status: 503 },
      { status: 429, headers: { "retry-after": "3" } },
      { status: 429, headers: { "retry-after": "600" } },
    );
    const { waits, sleep } = recordingSleep();
    const result = await postToResponseUrl(
      `${recorder.url}${HOOK}`,
      { text: "x" },
      { sleep, maxWaitMs: 4000 },
    );
    expect(result).toMatchObject({ ok: true, attempts: 4 });
    expect(waits).toEqual([500, 3000, 4000]);
  });

  it("gives up after the retries and logs each failure without the hook's secret path", async () => {
    recorder.respondWith(HOOK, ...Array.from({ length: 3 }, () => ({ status: 500, body: "oops" })));
    const { sleep } = recordingSleep();
    const log = captureLogger();
    const result = await postToResponseUrl(
      `${recorder.url}${HOOK}`,
      { text: "x" },
      { sleep, retries: 2, log: log.logger },
    );
    expect(result).toMatchObject({ ok: false, status: 500, attempts: 3 });
    expect(log.lines.map((l) => `${l.level} ${l.message}`)).toEqual([
      "warn Mattermost request failed; retrying",
      "warn Mattermost request failed; retrying",
      "error Mattermost request failed",
    ]);
    expect(log.lines[2]!.fields).toMatchObject({ target: `${new URL(recorder.url).host}/hooks` });
    expect(log.text()).not.toContain("i11f6nnfgfyk8eg56x9omc6dpa");
  });

  it("does not retry a 4xx (an expired or unknown hook)", async () => {
    recorder.respondWith(HOOK, { status: 404, body: "Unable to find the command response." });
    const result = await postToResponseUrl(
      `${recorder.url}${HOOK}`,
      { text: "x" },
      { sleep: async () => {} },
    );
    expect(result).toEqual({
      ok: false,
      status: 404,
      error: "HTTP 404: Unable to find the command response.",
      body: "Unable to find the command response.",
      attempts: 1,
    });
  });

  it("reports Mattermost's JSON refusal as it came, cut to a log line", async () => {
    const refusal = JSON.stringify({
      id: "api.command.execute_command.not_found",
      message: "Unable to find the command response.",
      status_code: 404,
    });
    recorder.respondWith(HOOK, { status: 404, body: refusal });
    const result = await postToResponseUrl(
      `${recorder.url}${HOOK}`,
      { text: "x" },
      { sleep: async () => {} },
    );
    expect(result.error).toBe(`HTTP 404: ${refusal.slice(0, 100)}…`);
  });
});
