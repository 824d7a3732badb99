import { connectorOf, kitFor } from "@catops/core/testing";
import { type CatOpsOptions, directChannel } from "@catops/core";
import { describe, expect, it } from "vitest";
import { chatTestPlugins, connectorTestBot, useRecorder } from "../../../test/support/chat.ts";
import { actionBody, actionRequest, slashBody, slashRequest, TOKEN } from "../test/fixtures.ts";
import { signActionContext } from "./actions.ts";
import type { MattermostConnectorOptions } from "./connector.ts";
import { createMattermostConnector } from "./create.ts";

const PUBLIC_URL = "https://catops.example.com";
const BOT_ID = "b0tus3r1d5k9x8c7v6n5m4l3k2";
const USER_ID = "rnina9994bde8mua79zqcg5hmo";
const DM_ID = "d1r3ctch4nn3l1d0000000000x";

const plugins = chatTestPlugins();

const recorder = useRecorder();

function makeBot(
  env: Record<string, string | undefined> = {},
  connector: MattermostConnectorOptions = {},
  options: Partial<CatOpsOptions> = {},
) {
  const { bot, send, settle, log } = connectorTestBot({
    plugins,
    connectors: [createMattermostConnector({ sleep: async () => {}, ...connector })],
    env: { CATOPS_MATTERMOST_TOKEN: TOKEN, CATOPS_PUBLIC_URL: PUBLIC_URL, ...env },
    ...options,
  });
  /** Runs `/weather <text>` as the documented request, answering late at the recorder. */
  const slash = async (text: string, path = "/hooks/commands/late") => {
    const response = await send(
      slashRequest(slashBody({ text, response_url: `${recorder.url}${path}` })),
    );
    return {
      response,
      body: response.status === 200 ? ((await response.json()) as any) : undefined,
    };
  };
  const press = async (context: unknown, patch: Record<string, unknown> = {}) => {
    const response = await send(actionRequest(actionBody(context, patch)));
    return { response, body: (await response.json()) as any };
  };
  return { bot, send, settle, log, slash, press };
}

describe("slash commands", () => {
  it("answers the documented request, verified by its Authorization header", async () => {
    const { body } = await makeBot().slash("hi");
    expect(body).toEqual({ response_type: "in_channel", text: "Meow!" });
  });

  it("accepts the token from the form field when there is no header", async () => {
    const { send } = makeBot();
    const response = await send(
      slashRequest(slashBody({ text: "hi" }), { authorization: undefined }),
    );
    expect(response.status).toBe(200);
  });

  it("refuses a wrong or missing token with 401, and logs why", async () => {
    const { send, log } = makeBot();
    const wrong = await send(
      slashRequest(slashBody({ text: "hi", token: "nope" }), { authorization: "Token nope" }),
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ ok: false, error: "invalid token" });
    const missing = await send(
      slashRequest(slashBody({ text: "hi", token: undefined }), { authorization: undefined }),
    );
    expect(missing.status).toBe(401);
    const refusals = log.lines.filter((l) => l.message === "Mattermost request refused");
    expect(refusals.map((l) => l.fields?.reason)).toEqual(["token mismatch", "missing token"]);
    expect(log.text()).not.toContain(TOKEN);
  });

  it("refuses everything without a configured token, and says so in the log once", async () => {
    const { send, log } = makeBot({ CATOPS_MATTERMOST_TOKEN: undefined });
    for (let i = 0; i < 2; i++)
      expect((await send(slashRequest(slashBody({ text: "hi" })))).status).toBe(401);
    expect(log.lines.filter((l) => l.message.includes("CATOPS_MATTERMOST_TOKEN"))).toHaveLength(1);
  });

  it("prefers tokens given as options, and accepts any of several", async () => {
    const { slash } = makeBot({ CATOPS_MATTERMOST_TOKEN: "other" }, { token: ["first", TOKEN] });
    expect((await slash("hi")).body.text).toBe("Meow!");
  });

  it("refuses a verified body that is not a slash command with 400", async () => {
    const { send } = makeBot();
    const response = await send(slashRequest(slashBody({ user_id: undefined })));
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe("slash command has no user_id");
  });

  it("acknowledges a deferred job, then posts its result to the response_url", async () => {
    const { slash, settle } = makeBot();
    const { body } = await slash("later", "/hooks/commands/deferred");
    expect(body.text).toMatch(/^Running `later`… \(job `[\w-]+`\)$/);
    await settle();
    const late = await recorder.waitFor((r) => r.path === "/hooks/commands/deferred", 5000);
    expect(late.json).toEqual({ response_type: "in_channel", text: "later done" });
  });
});

describe("buttons", () => {
  async function ask(bot = makeBot()) {
    const { body } = await bot.slash("careful", "/hooks/commands/careful");
    expect(body.response_type).toBe("ephemeral");
    expect(body.text).toBe("Run `careful`?");
    const [run, cancel] = body.attachments[0].actions;
    expect(run.integration.url).toBe(`${PUBLIC_URL}/mattermost/actions`);
    return { bot, run: run.integration.context, cancel: cancel.integration.context };
  }

  it("runs a confirmed command and updates the question with the result", async () => {
    const { bot, run } = await ask();
    expect(run).toMatchObject({
      action: "catops.confirm",
      response_url: `${recorder.url}/hooks/commands/careful`,
    });
    const { body } = await bot.press(run);
    expect(body).toEqual({ update: { message: "careful done", props: {} } });
  });

  it("cancels, and tells someone else that only the asker can answer", async () => {
    const { bot, run, cancel } = await ask();
    const stranger = await bot.press(run, { user_id: "someoneelse00000000000000a" });
    expect(stranger.body).toEqual({
      ephemeral_text: ":warning: Only @alan can answer this confirmation.",
    });
    expect((await bot.press(cancel)).body).toEqual({
      update: { message: "Cancelled `careful`.", props: {} },
    });
  });

  it("refuses a press whose context was forged or changed, with 401", async () => {
    const { bot, run } = await ask();
    for (const forged of [
      { ...run, value: "another-id" },
      { ...run, signature: "0".repeat(64) },
      await signActionContext({ action: "catops.run", value: "hi" }, "not-the-token"),
      {},
    ]) {
      const { response } = await bot.press(forged);
      expect(response.status).toBe(401);
    }
    expect(bot.log.text()).toContain("Mattermost button press refused");
  });

  it("posts a command button's in-channel result to the response_url it carried", async () => {
    const { slash, press, settle } = makeBot();
    const failed = await slash("boom", "/hooks/commands/boom");
    expect(failed.body.text).toBe(":warning: `boom` failed: no\nNext step: `hi`");
    const [next] = failed.body.attachments[0].actions;
    expect(next).toMatchObject({
      name: "hi",
      integration: { context: { action: "catops.run", value: "hi" } },
    });
    const { body } = await press(next.integration.context);
    expect(body).toEqual({});
    await settle();
    const posted = await recorder.waitFor((r) => r.path === "/hooks/commands/boom", 5000);
    expect(posted.json).toEqual({ response_type: "in_channel", text: "Meow!" });
  });

  it("without CATOPS_PUBLIC_URL, says what to type instead of showing buttons", async () => {
    const { slash } = makeBot({ CATOPS_PUBLIC_URL: undefined });
    const { body } = await slash("boom");
    expect(body.attachments).toBeUndefined();
    expect(body.text).toBe(":warning: `boom` failed: no\nNext step: `hi`\nTo run: `/weather hi`");
  });

  it("refuses a press that is not JSON with 400", async () => {
    const { send } = makeBot();
    const response = await send(actionRequest("{"));
    expect(response.status).toBe(400);
  });
});

describe("deliver", () => {
  it("says in the log when a reply has no response_url to go to, and reports it undelivered", async () => {
    const { bot, log } = makeBot();
    const connector = connectorOf(bot, "mattermost");
    const delivery = await connector.deliver(
      { command: [], channel: { id: "c" } },
      { text: "x" },
      kitFor(bot, connector, {}, "r1"),
    );
    expect(recorder.requests).toHaveLength(0);
    expect(log.text()).toContain("Mattermost post dropped");
    expect(delivery.error).toBe("no Mattermost server URL and bot token for channel posts");
    const nowhere = await connector.deliver(
      { command: [] },
      { text: "x" },
      kitFor(bot, connector, {}, "r1"),
    );
    expect(nowhere.error).toBe("the event has no response_url");
  });

  it("posts to a channel with the bot token, and edits that post when a reply replaces it", async () => {
    const { bot } = makeBot({
      CATOPS_MATTERMOST_URL: `${recorder.url}/mm`,
      CATOPS_MATTERMOST_BOT_TOKEN: "mm-bot-token-0123456789",
    });
    recorder.respondWith("/mm/api/v4/posts", {
      status: 201,
      body: JSON.stringify({ id: "pbzgx9a8ojgiddxyzpw6bpszmr", channel_id: "c" }),
    });
    const connector = connectorOf(bot, "mattermost");
    const posted = await connector.deliver(
      { command: [], channel: { id: "c" } },
      { text: "disk full", attachments: [{ title: "FIRING" }] },
      kitFor(bot, connector, {}, "r1"),
    );
    expect(posted).toEqual({
      threadId: "pbzgx9a8ojgiddxyzpw6bpszmr",
      messageId: "pbzgx9a8ojgiddxyzpw6bpszmr",
    });
    const edited = await connector.deliver(
      { command: [], channel: { id: "c" } },
      { text: "resolved", replaces: "pbzgx9a8ojgiddxyzpw6bpszmr" },
      kitFor(bot, connector, {}, "r2"),
    );
    expect(edited.messageId).toBe("pbzgx9a8ojgiddxyzpw6bpszmr");
    expect(recorder.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /mm/api/v4/posts",
      "PUT /mm/api/v4/posts/pbzgx9a8ojgiddxyzpw6bpszmr",
    ]);
    expect(recorder.requests[0]!.headers.authorization).toBe("Bearer mm-bot-token-0123456789");
    expect(recorder.requests[0]!.json).toMatchObject({
      channel_id: "c",
      message: "disk full",
      props: { attachments: [{ title: "FIRING" }] },
    });
    expect(recorder.requests[1]!.json).toEqual({
      id: "pbzgx9a8ojgiddxyzpw6bpszmr",
      message: "resolved",
      props: {},
    });
  });

  it("finds the bot's direct channel with a user once, then posts there", async () => {
    const { bot } = makeBot({
      CATOPS_MATTERMOST_URL: `${recorder.url}/mm`,
      CATOPS_MATTERMOST_BOT_TOKEN: "mm-bot-token-0123456789",
    });
    recorder.respondWith("/mm/api/v4/users/me", { status: 200, body: `{"id":"${BOT_ID}"}` });
    recorder.respondWith("/mm/api/v4/channels/direct", {
      status: 201,
      body: `{"id":"${DM_ID}","type":"D"}`,
    });
    const connector = connectorOf(bot, "mattermost");
    for (const text of ["you are paged", "again"])
      await connector.deliver(
        { command: [], source: "alert", channel: { id: directChannel(USER_ID) } },
        { text },
        kitFor(bot, connector, {}, "r1"),
      );
    expect(recorder.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /mm/api/v4/users/me",
      "POST /mm/api/v4/channels/direct",
      "POST /mm/api/v4/posts",
      "POST /mm/api/v4/posts",
    ]);
    for (const request of recorder.requests)
      expect(request.headers.authorization).toBe("Bearer mm-bot-token-0123456789");
    expect(recorder.requests[1]!.json).toEqual([BOT_ID, USER_ID]);
    expect(recorder.requests[2]!.json).toMatchObject({
      channel_id: DM_ID,
      message: "you are paged",
    });
    expect(recorder.requests[3]!.json).toMatchObject({ channel_id: DM_ID, message: "again" });
  });

  it("reports a direct channel Mattermost would not open as undelivered, posting nothing", async () => {
    const { bot } = makeBot({
      CATOPS_MATTERMOST_URL: `${recorder.url}/mm`,
      CATOPS_MATTERMOST_BOT_TOKEN: "mm-bot-token-0123456789",
    });
    recorder.respondWith("/mm/api/v4/users/me", { status: 200, body: `{"id":"${BOT_ID}"}` });
    recorder.respondWith("/mm/api/v4/channels/direct", {
      status: 403,
      body: '{"id":"api.context.permissions.app_error","status_code":403}',
    });
    const connector = connectorOf(bot, "mattermost");
    const delivery = await connector.deliver(
      { command: [], channel: { id: directChannel(USER_ID) } },
      { text: "you are paged" },
      kitFor(bot, connector, {}, "r1"),
    );
    expect(delivery.error).toMatch(/^direct message: create direct channel: HTTP 403: /);
    expect(recorder.requests.map((r) => r.path)).not.toContain("/mm/api/v4/posts");
    const unset = makeBot();
    const none = await connectorOf(unset.bot, "mattermost").deliver(
      { command: [], channel: { id: directChannel(USER_ID) } },
      { text: "you are paged" },
      kitFor(unset.bot, connectorOf(unset.bot, "mattermost"), {}, "r2"),
    );
    expect(none.error).toBe("direct message: no Mattermost server URL and bot token");
  });

  it("reports a reply Mattermost refused as undelivered", async () => {
    const { bot } = makeBot();
    recorder.respondWith("/hooks/commands/gone", {
      status: 404,
      body: '{"id":"web.incoming_webhook.invalid.app_error","status_code":404}',
    });
    const connector = connectorOf(bot, "mattermost");
    const delivery = await connector.deliver(
      { command: [], responseUrl: `${recorder.url}/hooks/commands/gone` },
      { text: "job done" },
      kitFor(bot, connector, {}, "r2"),
    );
    expect(delivery.error).toMatch(/^response_url: HTTP 404/);
  });
});
