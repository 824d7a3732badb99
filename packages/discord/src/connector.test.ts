import { connectorOf, kitFor } from "@catops/core/testing";
import { type CatOpsOptions, directChannel } from "@catops/core";
import { describe, expect, it } from "vitest";
import { vendorJson, vendorText } from "../../../test/fixtures/vendor.mjs";
import { chatTestPlugins, connectorTestBot, useRecorder } from "../../../test/support/chat.ts";
import {
  APPLICATION_ID,
  buttonInteraction,
  commandInteraction,
  PUBLIC_KEY,
  signedInteraction,
} from "../test/fixtures.ts";
import type { DiscordConnectorOptions } from "./connector.ts";
import { createDiscordConnector } from "./create.ts";

const PING = vendorText("chat/discord-interaction-ping.discord-interactions-js.json");
const BOT_TOKEN = "MTAxMjM0NTY3ODkw.connector-test.bot-token";
const ASKER = "53908232506183680";

const plugins = chatTestPlugins(150);

const recorder = useRecorder();

const api = () => `${recorder.url}/api/v10`;
const editPath = (token: string) =>
  `/api/v10/webhooks/${APPLICATION_ID}/${token}/messages/@original`;

function makeBot(
  env: Record<string, string | undefined> = {},
  connector: DiscordConnectorOptions = {},
  options: Partial<CatOpsOptions> = {},
) {
  const { bot, send, settle, log } = connectorTestBot({
    plugins,
    connectors: [createDiscordConnector({ sleep: async () => {}, ...connector })],
    env: { CATOPS_DISCORD_PUBLIC_KEY: PUBLIC_KEY, CATOPS_DISCORD_API_URL: api(), ...env },
    ...options,
  });
  const interact = async (interaction: unknown) => {
    const response = await send(signedInteraction(JSON.stringify(interaction)));
    return { response, body: (await response.json()) as any };
  };
  return { bot, send, settle, log, interact };
}

describe("request checks", () => {
  it("answers PING with PONG, as JSON", async () => {
    const { send } = makeBot();
    const response = await send(signedInteraction(PING));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.text()).toBe(
      vendorJson("chat/discord-ping-signed.DERIVED.json").expected_response_for_valid_ping.body,
    );
  });

  it("refuses a bad signature with 401 and logs which check failed", async () => {
    const { send, log } = makeBot();
    const forged = signedInteraction(PING, {
      seedHex: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    });
    const response = await send(forged);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ ok: false, error: "invalid signature" });
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        message: "Discord request refused",
        fields: { reason: "signature mismatch" },
      }),
    );
    const stale = await send(signedInteraction(PING, { nowMs: Date.now() - 10 * 60_000 }));
    expect(stale.status).toBe(401);
    const unsigned = await send(
      new Request("http://localhost/discord/interactions", { method: "POST", body: PING }),
    );
    expect(unsigned.status).toBe(401);
  });

  it("refuses everything without a public key, and says so in the log once", async () => {
    const { send, log } = makeBot({ CATOPS_DISCORD_PUBLIC_KEY: undefined });
    for (let i = 0; i < 2; i++) expect((await send(signedInteraction(PING))).status).toBe(401);
    expect(log.lines.filter((l) => l.message.includes("CATOPS_DISCORD_PUBLIC_KEY"))).toHaveLength(
      1,
    );
  });

  it("verifies with the TypeScript Ed25519 when asked to", async () => {
    const { send } = makeBot({}, { ed25519: "fallback" });
    expect((await send(signedInteraction(PING))).status).toBe(200);
    expect(
      (
        await send(
          signedInteraction(PING, {
            seedHex: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
          }),
        )
      ).status,
    ).toBe(401);
  });

  it("refuses a signed body that is not an interaction with a 400 that says why", async () => {
    const { send } = makeBot();
    const response = await send(signedInteraction('{"type":2'));
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain("JSON");
  });
});

describe("application commands", () => {
  it("answers /catops hi in the channel (type 4)", async () => {
    const { body } = await makeBot().interact(commandInteraction("hi"));
    expect(body).toEqual({
      type: 4,
      data: { content: "Meow!", allowed_mentions: { parse: [] } },
    });
  });

  it("shows help only to its user", async () => {
    const { body } = await makeBot().interact(commandInteraction(undefined));
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(body.data.content).toContain("`hi`");
  });

  it("defers a command slower than the budget (type 5), then edits the response", async () => {
    const { interact, settle } = makeBot({}, { ackBudgetMs: 30 });
    const started = Date.now();
    const { body } = await interact(commandInteraction("slowpoke"));
    expect(Date.now() - started).toBeLessThan(140);
    expect(body).toEqual({ type: 5 });
    await settle();
    const edit = await recorder.waitFor((r) => r.path === editPath("A_UNIQUE_TOKEN"), 5000);
    expect(edit.method).toBe("PATCH");
    expect(edit.json).toMatchObject({ content: "finally", embeds: [], components: [] });
  });

  it("acknowledges a deferred job at once, then replaces that message with its result", async () => {
    const { interact, settle } = makeBot();
    const { body } = await interact(commandInteraction("later"));
    expect(body.type).toBe(4);
    expect(body.data.content).toMatch(/^Running `later`… \(job `[\w-]+`\)$/);
    await settle();
    const edit = await recorder.waitFor((r) => r.path === editPath("A_UNIQUE_TOKEN"), 5000);
    expect(edit.json.content).toBe("later done");
  });
});

describe("buttons", () => {
  async function ask(bot = makeBot()) {
    const { body } = await bot.interact(commandInteraction("careful"));
    expect(body.data.flags).toBe(64);
    expect(body.data.content).toBe("Run `careful`?");
    const [run, cancel] = body.data.components[0].components;
    expect([run.label, cancel.label]).toEqual(["Run", "Cancel"]);
    return { bot, run: run.custom_id as string, cancel: cancel.custom_id as string };
  }

  it("runs a confirmed command and replaces the question with the result (type 7)", async () => {
    const { bot, run } = await ask();
    const { body } = await bot.interact(buttonInteraction(run));
    expect(body).toEqual({
      type: 7,
      data: {
        content: "careful done",
        allowed_mentions: { parse: [] },
        embeds: [],
        components: [],
      },
    });
  });

  it("cancels, and will not run a confirmation twice", async () => {
    const { bot, run, cancel } = await ask();
    expect((await bot.interact(buttonInteraction(cancel))).body.data.content).toBe(
      "Cancelled `careful`.",
    );
    const again = await bot.interact(buttonInteraction(run));
    expect(again.body.data.content).toContain("expired");
  });

  it("tells someone else that only the asker can answer", async () => {
    const { bot, run } = await ask();
    const other = buttonInteraction(run);
    other.member = { ...other.member, user: { id: "99", username: "eve" } };
    const { body } = await bot.interact(other);
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(body.data.content).toBe(`⚠️ Only <@${ASKER}> can answer this confirmation.`);
  });

  it("runs a command button as a new message, and leaves other apps' buttons alone", async () => {
    const bot = makeBot();
    const run = await bot.interact(buttonInteraction("catops.run:hi"));
    expect(run.body).toMatchObject({ type: 4, data: { content: "Meow!" } });
    const theirs = await bot.interact(buttonInteraction("click_one"));
    expect(theirs.body).toEqual({ type: 6 });
  });

  it("defers a slow press (type 6) and follows up with a new message", async () => {
    const bot = makeBot({}, { ackBudgetMs: 30 });
    const { body } = await bot.interact(buttonInteraction("catops.run:slowpoke"));
    expect(body).toEqual({ type: 6 });
    await bot.settle();
    const followUp = await recorder.waitFor(
      (r) => r.path === `/api/v10/webhooks/${APPLICATION_ID}/unique_interaction_token`,
      5000,
    );
    expect(followUp).toMatchObject({ method: "POST", json: { content: "finally" } });
  });
});

describe("other interactions", () => {
  it("answers autocomplete with no choices", async () => {
    const { body } = await makeBot().interact({ ...commandInteraction("h"), type: 4 });
    expect(body).toEqual({ type: 8, data: { choices: [] } });
  });
});

describe("deliver", () => {
  const channelEvent = { command: [], channel: { id: "645027906669510667" }, source: "alert" };

  it("opens the bot's DM channel with a user once, then creates messages there", async () => {
    const { bot } = makeBot({ CATOPS_DISCORD_BOT_TOKEN: BOT_TOKEN });
    recorder.respondWith("/api/v10/users/@me/channels", {
      status: 200,
      body: JSON.stringify({ id: "319674150115610528", type: 1 }),
    });
    const connector = connectorOf(bot, "discord");
    const dm = { command: [], source: "alert", channel: { id: directChannel(ASKER) } };
    for (const text of ["you are paged", "again"])
      await connector.deliver(dm, { text }, kitFor(bot, connector, {}, "r1"));
    expect(recorder.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /api/v10/users/@me/channels",
      "POST /api/v10/channels/319674150115610528/messages",
      "POST /api/v10/channels/319674150115610528/messages",
    ]);
    expect(recorder.requests[0]!.json).toEqual({ recipient_id: ASKER });
    for (const request of recorder.requests)
      expect(request.headers.authorization).toBe(`Bot ${BOT_TOKEN}`);
    expect(recorder.requests[1]!.json).toMatchObject({ content: "you are paged" });
  });

  it("reports a DM Discord would not open, or one without a bot token, as undelivered", async () => {
    const { bot } = makeBot({ CATOPS_DISCORD_BOT_TOKEN: BOT_TOKEN });
    recorder.respondWith("/api/v10/users/@me/channels", {
      status: 403,
      body: JSON.stringify({ message: "Cannot send messages to this user", code: 50007 }),
    });
    const connector = connectorOf(bot, "discord");
    const dm = { command: [], channel: { id: directChannel(ASKER) } };
    const refused = await connector.deliver(dm, { text: "x" }, kitFor(bot, connector, {}, "r1"));
    expect(refused.error).toBe(
      "direct message: create DM: HTTP 403: Cannot send messages to this user",
    );
    expect(recorder.requests).toHaveLength(1);
    const tokenless = makeBot();
    const none = await connectorOf(tokenless.bot, "discord").deliver(
      dm,
      { text: "x" },
      kitFor(tokenless.bot, connectorOf(tokenless.bot, "discord"), {}, "r2"),
    );
    expect(none.error).toBe("direct message: no Discord bot token");
  });

  it("posts to the channel with the bot token when there is no interaction", async () => {
    const { bot } = makeBot({ CATOPS_DISCORD_BOT_TOKEN: BOT_TOKEN });
    const connector = connectorOf(bot, "discord");
    await connector.deliver(
      channelEvent,
      { text: "disk full", visibility: "ephemeral" },
      kitFor(bot, connector, {}, "r1"),
    );
    const [post] = recorder.requests;
    expect(post).toMatchObject({
      method: "POST",
      path: "/api/v10/channels/645027906669510667/messages",
      json: { content: "disk full" },
    });
    expect(post!.json.flags).toBeUndefined();
    expect(post!.headers.authorization).toBe(`Bot ${BOT_TOKEN}`);
  });

  it("reports the posted message's id, and edits it in place when a reply replaces it", async () => {
    const { bot } = makeBot({ CATOPS_DISCORD_BOT_TOKEN: BOT_TOKEN });
    const connector = connectorOf(bot, "discord");
    const messages = "/api/v10/channels/645027906669510667/messages";
    recorder.respondWith(messages, {
      status: 200,
      body: JSON.stringify({ id: "1100000000000000001" }),
    });
    const posted = await connector.deliver(
      channelEvent,
      { text: "disk full" },
      kitFor(bot, connector, {}, "r1"),
    );
    expect(posted).toEqual({ messageId: "1100000000000000001" });
    recorder.respondWith(`${messages}/1100000000000000001`, {
      status: 200,
      body: JSON.stringify({ id: "1100000000000000001" }),
    });
    const edited = await connector.deliver(
      channelEvent,
      { text: "resolved", replaces: "1100000000000000001" },
      kitFor(bot, connector, {}, "r2"),
    );
    expect(edited).toEqual({ messageId: "1100000000000000001" });
    expect(recorder.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${messages}`,
      `PATCH ${messages}/1100000000000000001`,
    ]);
    expect(recorder.requests[1]!.json).toMatchObject({ content: "resolved" });
  });

  it("falls back to the channel when the interaction's token has expired", async () => {
    const { bot } = makeBot({ CATOPS_DISCORD_BOT_TOKEN: BOT_TOKEN });
    const token = "expired-interaction-token-0123456789";
    recorder.respondWith(editPath(token), {
      status: 401,
      body: JSON.stringify({ message: "Invalid Webhook Token", code: 50027 }),
    });
    const connector = connectorOf(bot, "discord");
    await connector.deliver(
      { ...channelEvent, responseUrl: `${api()}/webhooks/${APPLICATION_ID}/${token}` },
      { text: "job done" },
      kitFor(bot, connector, {}, "r2"),
    );
    expect(recorder.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PATCH ${editPath(token)}`,
      "POST /api/v10/channels/645027906669510667/messages",
    ]);
  });

  it("says in the log when a reply has nowhere to go, and reports it undelivered", async () => {
    const { bot, log } = makeBot();
    const connector = connectorOf(bot, "discord");
    const delivery = await connector.deliver(
      channelEvent,
      { text: "x" },
      kitFor(bot, connector, {}, "r3"),
    );
    expect(recorder.requests).toHaveLength(0);
    expect(log.text()).toContain("Discord reply dropped");
    expect(delivery.error).toContain("no interaction to answer");
  });

  it("reports a reply Discord refused as undelivered, with both attempts", async () => {
    const { bot } = makeBot({ CATOPS_DISCORD_BOT_TOKEN: BOT_TOKEN });
    const token = "expired-interaction-token-9876543210";
    recorder.respondWith(editPath(token), {
      status: 401,
      body: '{"message":"Invalid Webhook Token"}',
    });
    recorder.respondWith("/api/v10/channels/645027906669510667/messages", {
      status: 403,
      body: '{"message":"Missing Access","code":50001}',
    });
    const connector = connectorOf(bot, "discord");
    const delivery = await connector.deliver(
      { ...channelEvent, responseUrl: `${api()}/webhooks/${APPLICATION_ID}/${token}` },
      { text: "job done" },
      kitFor(bot, connector, {}, "r4"),
    );
    expect(delivery.error).toMatch(/edit original response: .*401.*; create message: .*403/);
  });
});
