import { connectorOf, kitFor } from "@catops/core/testing";
import { createHmac } from "node:crypto";
import {
  type CatOpsOptions,
  type CatOpsResponse,
  createCatOps,
  createMemoryStore,
  isThenable,
  PlainRequest,
  type PlainResponse,
} from "@catops/core";
import { describe, expect, it, vi } from "vitest";
import { chatTestPlugins, connectorTestBot, useRecorder } from "../../../test/support/chat.ts";
import { fixtureJson, fixtureText, signedRequest, slashCommandBody } from "../test/fixtures.ts";
import { createSlackConnector, type SlackConnectorOptions } from "./connector.ts";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TOKEN = "xoxb-connector-test-token";
const JSON_TYPE = "application/json";

const plugins = chatTestPlugins(400);

const recorder = useRecorder();

function makeBot(
  env: Record<string, string | undefined> = {},
  connector: SlackConnectorOptions = {},
  options: Partial<CatOpsOptions> = {},
) {
  return connectorTestBot({
    plugins,
    connectors: [createSlackConnector({ sleep: async () => {}, ...connector })],
    env: {
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: TOKEN,
      CATOPS_SLACK_API_URL: `${recorder.url}/api`,
      ...env,
    },
    ...options,
  });
}

function mentionBody(text: string, eventId: string, patch: Record<string, unknown> = {}) {
  const envelope = fixtureJson("events-app-mention-usage-info.json");
  envelope.event_id = eventId;
  envelope.event = { ...envelope.event, text, ...patch };
  return JSON.stringify(envelope);
}

function buttonBody(actionId: string, value: string, responsePath = "/actions/test") {
  const payload = fixtureJson("interactivity-block-actions-message.payload.json");
  payload.actions = [{ ...payload.actions[0], action_id: actionId, value }];
  payload.response_url = `${recorder.url}${responsePath}`;
  payload.user.id = "U2147483697";
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

const postMessages = () => recorder.requests.filter((r) => r.path === "/api/chat.postMessage");

describe("request checks", () => {
  it("refuses everything without a signing secret, and says so in the log once", async () => {
    const { send, log } = makeBot({ SLACK_SIGNING_SECRET: undefined });
    for (let i = 0; i < 2; i++) {
      const response = await send(signedRequest(SECRET, slashCommandBody({ text: "hi" })));
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ ok: false, error: "invalid signature" });
    }
    const reports = log.lines.filter((l) => l.message.includes("SLACK_SIGNING_SECRET is not set"));
    expect(reports).toHaveLength(1);
  });

  it("tells the caller only 'invalid signature' and the log which check failed", async () => {
    const { send, log } = makeBot();
    const stale = signedRequest(SECRET, slashCommandBody({ text: "hi" }), {
      nowMs: Date.now() - 10 * 60_000,
    });
    const response = await send(stale);
    expect(response.status).toBe(401);
    expect(response.headers.get("x-slack-no-retry")).toBe("1");
    expect(await response.text()).toBe('{"ok":false,"error":"invalid signature"}');
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        message: "Slack request refused",
        fields: { reason: "stale timestamp" },
      }),
    );
  });

  it("answers without a button Slack cannot carry, and says so in the log", async () => {
    const long = "c".repeat(2001);
    const wide = () => ({ text: "pick", buttons: [{ text: "Run it", command: long }] });
    const { send, log } = makeBot({}, {}, { plugins: [{ file: "wide.ts", exports: { wide } }] });
    const response = await send(signedRequest(SECRET, slashCommandBody({ text: "wide" })));
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).not.toContain(long);
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        message: "button left out: its command is longer than Slack's limit for a button value",
        fields: { button: "Run it", length: 2001, limit: 2000 },
      }),
    );
  });

  it("prefers the signing secret given as an option", async () => {
    const { send } = makeBot({ SLACK_SIGNING_SECRET: "another-secret" }, { signingSecret: SECRET });
    const response = await send(signedRequest(SECRET, slashCommandBody({ text: "hi" })));
    expect(response.status).toBe(200);
  });

  it("checks signatures with the runtime's HMAC when it has one", async () => {
    const { send } = makeBot();
    const hmacSha256 = vi.fn((key: string, message: string) =>
      createHmac("sha256", key).update(message).digest("hex"),
    );
    const response = await send(signedRequest(SECRET, slashCommandBody({ text: "hi" })), {
      hmacSha256,
    });
    expect(response.status).toBe(200);
    expect(hmacSha256).toHaveBeenCalledTimes(1);
  });

  it("answers a slash command with the response itself, not a promise, when nothing waits", async () => {
    // A plain request's body is in memory and node:crypto's HMAC is synchronous: the answer is
    // given in the same turn, as the Node and Lambda adapters rely on. (A logger of the caller's
    // takes routine audit records, which are written before the answer: the bot's own here.)
    const bot = createCatOps({
      plugins,
      connectors: [createSlackConnector()],
      env: { SLACK_SIGNING_SECRET: SECRET },
    });
    const signed = signedRequest(SECRET, slashCommandBody({ text: "hi" }));
    const request = new PlainRequest(signed.url, {
      method: "POST",
      headers: [...signed.headers],
      body: await signed.text(),
    });
    const hmacSha256 = (key: string, message: string) =>
      createHmac("sha256", key).update(message).digest("hex");
    const answer = bot.handle(request, { hmacSha256 });
    expect(isThenable(answer)).toBe(false);
    expect((answer as CatOpsResponse).status).toBe(200);
    expect(JSON.parse((answer as PlainResponse).bodyText ?? "")).toMatchObject({ text: "Meow!" });
    // With Web Crypto's HMAC the same request is answered through a promise.
    const later = bot.handle(request, {});
    expect(isThenable(later)).toBe(true);
    expect((await later).status).toBe(200);
  });

  it("refuses a content type Slack never sends with 415", async () => {
    const { send } = makeBot();
    const response = await send(signedRequest(SECRET, "hi", { contentType: "text/plain" }));
    expect(response.status).toBe(415);
    expect(response.headers.get("x-slack-no-retry")).toBe("1");
  });

  it("refuses a payload= that is not JSON with 400 and a reason", async () => {
    const { send } = makeBot();
    const response = await send(signedRequest(SECRET, "payload=%7Bbroken"));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, error: "payload is not valid JSON" });
  });

  it("answers Slack's ssl_check", async () => {
    const { send } = makeBot();
    const response = await send(signedRequest(SECRET, "ssl_check=1&token=abc"));
    expect(response.status).toBe(200);
  });
});

describe("slash commands", () => {
  it("answers in the channel with the command's reply", async () => {
    const { send } = makeBot();
    const response = await send(signedRequest(SECRET, slashCommandBody({ text: "hi" })));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual({ text: "Meow!", response_type: "in_channel" });
  });

  it("shows help to the user alone when the text is empty", async () => {
    const { send } = makeBot();
    const response = await send(signedRequest(SECRET, slashCommandBody({ text: "" })));
    const body = await response.json();
    expect(body.response_type).toBe("ephemeral");
    expect(body.text).toContain("`hi`");
  });

  it("cancels a confirmation and replaces the question", async () => {
    const { send, settle } = makeBot();
    const asked = await (
      await send(signedRequest(SECRET, slashCommandBody({ text: "careful" })))
    ).json();
    const cancel = asked.blocks[1].elements.find((e: any) => e.action_id === "catops.cancel");
    const response = await send(
      signedRequest(SECRET, buttonBody("catops.cancel", cancel.value, "/actions/cancel")),
    );
    expect(response.status).toBe(200);
    await settle();
    const posted = await recorder.waitFor((r) => r.path === "/actions/cancel", 2000);
    expect(posted.json).toMatchObject({ text: "Cancelled `careful`.", replace_original: true });
  });
});

describe("Events API", () => {
  it("acknowledges before a slow command finishes, then answers in the thread", async () => {
    const { send, settle } = makeBot({}, {}, { deadlineMs: 2000 });
    const started = Date.now();
    const response = await send(
      signedRequest(SECRET, mentionBody("<@U0LAN0Z89> slowpoke", "EvSlow"), {
        contentType: JSON_TYPE,
      }),
    );
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(300);
    expect(postMessages()).toHaveLength(0);
    await settle();
    const [posted] = postMessages();
    expect(posted!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(posted!.json).toEqual({
      channel: "C123ABC456",
      thread_ts: "1515449522.000016",
      text: "finally",
    });
  });

  it("answers a direct message in its thread", async () => {
    const { send, settle } = makeBot();
    const body = mentionBody("hi", "EvDirect", {
      type: "message",
      channel_type: "im",
      channel: "D123",
    });
    await send(signedRequest(SECRET, body, { contentType: JSON_TYPE }));
    await settle();
    expect(postMessages().map((r) => r.json)).toEqual([
      { channel: "D123", thread_ts: "1515449522.000016", text: "Meow!" },
    ]);
  });

  it("runs a command once when Slack delivers the same event twice at once", async () => {
    const { send, settle, log } = makeBot();
    const body = mentionBody("<@U0LAN0Z89> hi", "EvTwice");
    const responses = await Promise.all([
      send(signedRequest(SECRET, body, { contentType: JSON_TYPE })),
      send(
        signedRequest(SECRET, body, {
          contentType: JSON_TYPE,
          headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
        }),
      ),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    await settle();
    expect(postMessages()).toHaveLength(1);
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        message: "Slack event already handled; retry ignored",
        fields: expect.objectContaining({ eventId: "EvTwice" }),
      }),
    );
  });

  it("remembers an event for an hour: a retry 59 minutes later is ignored", async () => {
    let clock = Date.now();
    const store = createMemoryStore({ now: () => clock });
    const { send, settle } = makeBot({}, {}, { store });
    const body = mentionBody("<@U0LAN0Z89> hi", "EvLate");
    await send(signedRequest(SECRET, body, { contentType: JSON_TYPE }));
    clock += 59 * 60_000;
    await send(
      signedRequest(SECRET, body, {
        contentType: JSON_TYPE,
        headers: { "x-slack-retry-num": "3", "x-slack-retry-reason": "http_error" },
      }),
    );
    await settle();
    expect(postMessages()).toHaveLength(1);
    clock += 2 * 60_000;
    expect(await store.get("slack:event:EvLate")).toBeUndefined();
  });

  it("leaves chatter, bots and edits alone", async () => {
    const { send, settle, bot } = makeBot();
    const bodies = [
      fixtureText("events-app-mention-invite.json"),
      mentionBody("<@U0LAN0Z89> hi", "EvBot", { bot_id: "B1" }),
      mentionBody("<@U0LAN0Z89> hi", "EvEdit", { subtype: "message_changed" }),
    ];
    for (const body of bodies) {
      const response = await send(signedRequest(SECRET, body, { contentType: JSON_TYPE }));
      expect(response.status).toBe(200);
    }
    await settle();
    expect(postMessages()).toHaveLength(0);
    // An ignored event leaves no dedupe key: nothing was run.
    expect(await bot.store.get("slack:event:EvBot")).toBeUndefined();
  });

  it("logs, without the token, a reply that cannot be posted", async () => {
    recorder.respondWith("/api/chat.postMessage", {
      status: 200,
      body: JSON.stringify({ ok: false, error: "not_in_channel" }),
    });
    const { send, settle, log } = makeBot();
    await send(
      signedRequest(SECRET, mentionBody("<@U0LAN0Z89> hi", "EvNoChannel"), {
        contentType: JSON_TYPE,
      }),
    );
    await settle();
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        level: "error",
        fields: expect.objectContaining({ error: "not_in_channel" }),
      }),
    );
    expect(log.text()).not.toContain(TOKEN);
  });
});

describe("interactivity", () => {
  it("acknowledges buttons CatOps did not send and other payload types, and logs them", async () => {
    const { send, settle, log } = makeBot();
    const unknown = fixtureText("interactivity-block-actions-message.form.DERIVED.txt");
    const submission = `payload=${encodeURIComponent(JSON.stringify({ type: "view_submission", user: { id: "U1" } }))}`;
    for (const body of [unknown, submission]) {
      expect((await send(signedRequest(SECRET, body))).status).toBe(200);
    }
    await settle();
    expect(recorder.requests).toHaveLength(0);
    const reasons = log.lines.filter((l) => l.message.endsWith("acknowledged"));
    expect(reasons.map((l) => [l.message, l.fields?.reason])).toEqual([
      ["Slack interaction acknowledged", "unknown action WaXA"],
      ["Slack view_submission acknowledged", "a modal CatOps did not open"],
    ]);
  });
});

describe("deliver", () => {
  const kitOf = (bot: ReturnType<typeof makeBot>["bot"]) =>
    kitFor(bot, connectorOf(bot, "slack"), {}, "req-1");

  it("posts to the response_url, not replacing the original unless asked", async () => {
    const { bot } = makeBot();
    await connectorOf(bot, "slack").deliver(
      { command: [], responseUrl: `${recorder.url}/commands/late`, channel: { id: "C1" } },
      { text: "done", visibility: "ephemeral" },
      kitOf(bot),
    );
    expect(recorder.requests.map((r) => [r.path, r.json])).toEqual([
      ["/commands/late", { text: "done", response_type: "ephemeral", replace_original: false }],
    ]);
  });

  it("falls back to the channel when a public reply's response_url has expired", async () => {
    recorder.respondWith("/commands/expired", { status: 404, body: "expired_url" });
    const { bot } = makeBot();
    await connectorOf(bot, "slack").deliver(
      {
        command: [],
        responseUrl: `${recorder.url}/commands/expired`,
        channel: { id: "C1" },
        threadId: "9.9",
      },
      { text: "done" },
      kitOf(bot),
    );
    expect(postMessages().map((r) => r.json)).toEqual([
      { channel: "C1", thread_ts: "9.9", text: "done" },
    ]);
  });

  it("does not make a private reply public when its response_url has expired", async () => {
    recorder.respondWith("/commands/expired", { status: 404, body: "expired_url" });
    const { bot } = makeBot();
    await connectorOf(bot, "slack").deliver(
      { command: [], responseUrl: `${recorder.url}/commands/expired`, channel: { id: "C1" } },
      { text: "secret-ish", visibility: "ephemeral" },
      kitOf(bot),
    );
    expect(postMessages()).toHaveLength(0);
  });

  it("uses the token and API URL given as options over the environment", async () => {
    const { bot } = makeBot(
      { SLACK_BOT_TOKEN: undefined, CATOPS_SLACK_API_URL: "http://127.0.0.1:9/never" },
      { botToken: "xoxb-option", apiUrl: `${recorder.url}/api` },
    );
    await connectorOf(bot, "slack").deliver(
      { command: [], channel: { id: "C2" } },
      { text: "x" },
      kitOf(bot),
    );
    expect(postMessages()[0]!.headers.authorization).toBe("Bearer xoxb-option");
  });

  it("logs instead of posting when there is no bot token or nowhere to post", async () => {
    const { bot, log } = makeBot({ SLACK_BOT_TOKEN: undefined });
    const connector = connectorOf(bot, "slack");
    await connector.deliver({ command: [], channel: { id: "C3" } }, { text: "x" }, kitOf(bot));
    await connector.deliver({ command: [] }, { text: "x" }, kitOf(bot));
    expect(recorder.requests).toHaveLength(0);
    expect(log.lines.map((l) => l.message)).toEqual([
      "SLACK_BOT_TOKEN is not set: cannot call Slack's Web API",
      "Slack reply dropped: the event has no response_url and no channel",
    ]);
  });
});
