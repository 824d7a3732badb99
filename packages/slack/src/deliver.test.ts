// The connector reports a late reply it could not deliver as `{ error }`, so a job can record it.
import { kitFor } from "@catops/core/testing";
import { createCatOps, silentLogger } from "@catops/core";
import { describe, expect, it } from "vitest";
import { useRecorder } from "../../../test/support/chat.ts";
import { createSlackConnector } from "./connector.js";

function kitWith(fetchImpl: typeof fetch, env: Record<string, string> = {}) {
  const connector = createSlackConnector({ fetch: fetchImpl, retries: 1, sleep: async () => {} });
  const bot = createCatOps({
    connectors: [connector],
    logger: silentLogger,
    env: {
      SLACK_BOT_TOKEN: "xoxb-test-token",
      CATOPS_SLACK_API_URL: "http://slack.test/api",
      ...env,
    },
  });
  return { connector, kit: kitFor(bot, connector, {}, "req-1") };
}

const answer =
  (status: number, body = "") =>
  async () =>
    new Response(body, { status });

describe("deliver", () => {
  it("resolves to {} when the message went out", async () => {
    const { connector, kit } = kitWith(answer(200, "ok") as typeof fetch);
    expect(
      await connector.deliver(
        { command: [], responseUrl: "http://hooks.test/r" },
        { text: "hi" },
        kit,
      ),
    ).toEqual({});
  });

  it("resolves to the posted message's ts as the thread, for a channel post", async () => {
    const posted = answer(
      200,
      JSON.stringify({ ok: true, channel: "C1", ts: "1774440000.000100" }),
    );
    const { connector, kit } = kitWith(posted as typeof fetch);
    expect(
      await connector.deliver({ command: [], channel: { id: "C1" } }, { text: "hi" }, kit),
    ).toEqual({
      threadId: "1774440000.000100",
      messageId: "1774440000.000100",
    });
  });

  it("reports an ephemeral reply whose response_url failed", async () => {
    const { connector, kit } = kitWith(answer(500) as typeof fetch);
    const delivery = await connector.deliver(
      { command: [], responseUrl: "http://hooks.test/r", channel: { id: "C1" } },
      { text: "hi", visibility: "ephemeral" },
      kit,
    );
    expect(delivery).toEqual({ error: "response_url: HTTP 500" });
  });

  it("reports both failures when the channel fallback fails too", async () => {
    const { connector, kit } = kitWith(answer(503) as typeof fetch);
    const delivery = await connector.deliver(
      { command: [], responseUrl: "http://hooks.test/r", channel: { id: "C1" } },
      { text: "hi" },
      kit,
    );
    expect(delivery).toEqual({ error: "response_url: HTTP 503; chat.postMessage: HTTP 503" });
  });

  it("reports a Web API error and a missing token", async () => {
    const refused = answer(200, JSON.stringify({ ok: false, error: "not_in_channel" }));
    const { connector, kit } = kitWith(refused as typeof fetch);
    expect(
      await connector.deliver({ command: [], channel: { id: "C1" } }, { text: "hi" }, kit),
    ).toEqual({
      error: "chat.postMessage: not_in_channel",
    });
    const noToken = kitWith(refused as typeof fetch, { SLACK_BOT_TOKEN: "" });
    expect(
      await noToken.connector.deliver(
        { command: [], channel: { id: "C1" } },
        { text: "hi" },
        noToken.kit,
      ),
    ).toEqual({
      error: "chat.postMessage: SLACK_BOT_TOKEN is not set",
    });
  });

  it("reports an event with nowhere to answer", async () => {
    const { connector, kit } = kitWith(answer(200) as typeof fetch);
    expect(await connector.deliver({ command: [] }, { text: "hi" }, kit)).toEqual({
      error: "the event has no response_url and no channel",
    });
  });
});

describe("deliver with replaces", () => {
  const recorder = useRecorder();

  it("edits the named message with chat.update instead of posting a new one", async () => {
    const connector = createSlackConnector({ retries: 0 });
    const bot = createCatOps({
      connectors: [connector],
      logger: silentLogger,
      env: { SLACK_BOT_TOKEN: "xoxb-test-token", CATOPS_SLACK_API_URL: `${recorder.url}/api` },
    });
    const kit = kitFor(bot, connector, {}, "req-1");
    const delivery = await connector.deliver(
      { command: [], channel: { id: "C1" }, threadId: "1774440000.000100" },
      { text: "✅ resolved", replaces: "1774440000.000100" },
      kit,
    );
    expect(delivery).toEqual({ messageId: "1774440000.000100" });
    expect(recorder.requests.map((r) => r.path)).toEqual(["/api/chat.update"]);
    expect(recorder.requests[0]!.json).toMatchObject({
      channel: "C1",
      ts: "1774440000.000100",
      text: "✅ resolved",
    });
    expect(recorder.requests[0]!.json).not.toHaveProperty("thread_ts");
  });

  it("reports an edit Slack refused", async () => {
    recorder.respondWith("/api/chat.update", {
      status: 200,
      body: JSON.stringify({ ok: false, error: "message_not_found" }),
    });
    const connector = createSlackConnector({ retries: 0 });
    const bot = createCatOps({
      connectors: [connector],
      logger: silentLogger,
      env: { SLACK_BOT_TOKEN: "xoxb-test-token", CATOPS_SLACK_API_URL: `${recorder.url}/api` },
    });
    const delivery = await connector.deliver(
      { command: [], channel: { id: "C1" } },
      { text: "x", replaces: "1.2" },
      kitFor(bot, connector, {}, "req-2"),
    );
    expect(delivery).toEqual({ error: "chat.update: message_not_found" });
  });
});
