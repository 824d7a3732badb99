import { describe, expect, it } from "vitest";
import { captureLogger, recordingSleep, useRecorder } from "../../../test/support/chat.ts";
import { callDiscord } from "./post.ts";

const TOKEN = "aW50ZXJhY3Rpb246ODQ2NDYyNjM5MTM0NjA1MzEyOnNlY3JldA";
const EDIT = `/api/v10/webhooks/290926444748734465/${TOKEN}/messages/@original`;

const recorder = useRecorder();

const edit = (url = `${recorder.url}${EDIT}`) =>
  ({
    method: "PATCH",
    url,
    body: { content: "slow done" },
    what: "edit original response",
  }) as const;

describe("callDiscord", () => {
  it("sends JSON with the method asked for", async () => {
    const result = await callDiscord(edit());
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 1 });
    expect(recorder.requests).toMatchObject([
      { method: "PATCH", path: EDIT, json: { content: "slow done" } },
    ]);
    expect(recorder.requests[0]!.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("waits as long as a 429's retry_after says (seconds, fractional), capped", async () => {
    recorder.respondWith(
      EDIT,
      {
        status: 429,
        body: JSON.stringify({
          message: "You are being rate limited.",
          retry_after: 0.25,
          global: false,
        }),
      },
      { status: 429, headers: { "retry-after": "60" }, body: "{}" },
    );
    const { waits, sleep } = recordingSleep();
    const result = await callDiscord(edit(), { sleep, maxWaitMs: 5000 });
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(waits).toEqual([250, 5000]);
  });

  it("backs off exponentially on 5xx, gives up after the retries, and logs without the token", async () => {
    recorder.respondWith(
      EDIT,
      ...Array.from({ length: 4 }, () => ({ status: 502, body: "bad gateway" })),
    );
    const { waits, sleep } = recordingSleep();
    const log = captureLogger();
    const result = await callDiscord(edit(), { sleep, retries: 3, log: log.logger });
    expect(result).toMatchObject({ ok: false, status: 502, attempts: 4 });
    expect(waits).toEqual([500, 1000, 2000]);
    expect(log.lines.map((l) => l.level)).toEqual(["warn", "warn", "warn", "error"]);
    expect(log.lines[3]!.fields).toMatchObject({
      call: "edit original response",
      target: `${new URL(recorder.url).host}/api/v10/webhooks`,
    });
    expect(log.text()).not.toContain(TOKEN);
  });

  it("does not retry a 4xx, and reports Discord's message", async () => {
    recorder.respondWith(EDIT, {
      status: 404,
      body: JSON.stringify({ message: "Unknown Webhook", code: 10015 }),
    });
    const result = await callDiscord(edit(), { sleep: async () => {} });
    expect(result).toMatchObject({
      ok: false,
      status: 404,
      error: "HTTP 404: Unknown Webhook",
      attempts: 1,
    });
  });
});
