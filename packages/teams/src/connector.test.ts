import { createAlerts } from "@catops/alerts";
import { command, directChannel, type PluginModule } from "@catops/core";
import { connectorOf, kitFor } from "@catops/core/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { vendorJson, vendorText } from "../../../test/fixtures/vendor.mjs";
import { chatTestPlugins, connectorTestBot, useRecorder } from "../../../test/support/chat.ts";
import {
  createTestIssuer,
  serveTeamsIdentity,
  TEAMS_IDENTITY_PATHS,
} from "../../conformance/src/identity.ts";
import { createTeamsConnector } from "./create.ts";

const APP_ID = "c9e8c047-2a74-40a2-b28a-b162d5f5327c";
const PASSWORD = "teams-connector-test-client-secret";
const ACCESS_TOKEN = "teams-connector-test-access-token";
const PERSONAL = vendorJson("teams/message-personal.msteams-docs.json");
const CHANNEL = vendorJson("teams/message-channel-mention.DERIVED.json");
const SUBMIT = vendorJson("teams/adaptive-card-submit.DERIVED.json");

const issuer = await createTestIssuer("teams-test-key");
const recorder = useRecorder();
const serviceUrl = () => `${recorder.url}/amer/`;

const echo: PluginModule = {
  file: "echo.ts",
  exports: {
    whoami: command({
      run: ({ user, channel, team }) => `${user?.id} ${channel?.id} ${team?.id}`,
    }),
    echo: command({ run: ({ argv }) => argv.join(" ") }),
    megan: command({
      allow: { users: ["7faf8ab2-3d56-4244-b585-20c8a42ed2b8"] },
      run: () => "for Megan",
    }),
  },
};

beforeEach(() => serveTeamsIdentity(recorder, issuer, ACCESS_TOKEN));

function makeBot(env: Record<string, string | undefined> = {}) {
  return connectorTestBot({
    plugins: [...chatTestPlugins(150), echo],
    connectors: [createTeamsConnector({ sleep: async () => {} })],
    env: {
      CATOPS_TEAMS_APP_ID: APP_ID,
      CATOPS_TEAMS_PASSWORD: PASSWORD,
      CATOPS_TEAMS_OPENID_METADATA_URL: `${recorder.url}${TEAMS_IDENTITY_PATHS.metadata}`,
      CATOPS_TEAMS_TOKEN_URL: `${recorder.url}${TEAMS_IDENTITY_PATHS.token}`,
      ...env,
    },
  });
}

/** A Bot Framework token for this bot and the recorder's service URL, unless told otherwise. */
function token(claims: Record<string, unknown> = {}, options = {}) {
  return issuer.sign(
    { iss: "https://api.botframework.com", aud: APP_ID, serviceurl: serviceUrl(), ...claims },
    options,
  );
}

function activity(base: Record<string, unknown>, changes: Record<string, unknown> = {}) {
  return { ...structuredClone(base), serviceUrl: serviceUrl(), ...changes };
}

async function post(body: unknown, bearer?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  return new Request("http://localhost/teams/messages", {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const repliesTo = (id: string) => (r: { path: string; method: string }) =>
  r.method === "POST" && r.path.endsWith(`/activities/${id}`);

describe("messages", () => {
  it("answers a 1:1 message through the Bot Connector, as a reply to it", async () => {
    const { send } = makeBot();
    const response = await send(await post(activity(PERSONAL, { text: "hi" }), await token()));
    expect(response.status).toBe(200);
    const reply = await recorder.waitFor(repliesTo(PERSONAL.id), 5000);
    const conversation = encodeURIComponent(PERSONAL.conversation.id);
    expect(reply.path).toBe(`/amer/v3/conversations/${conversation}/activities/${PERSONAL.id}`);
    expect(reply.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(reply.json).toEqual({ type: "message", text: "Meow!", textFormat: "markdown" });
    const [tokenRequest] = recorder.requests.filter((r) => r.path === TEAMS_IDENTITY_PATHS.token);
    expect(Object.fromEntries(new URLSearchParams(tokenRequest!.body))).toEqual({
      grant_type: "client_credentials",
      client_id: APP_ID,
      client_secret: PASSWORD,
      scope: "https://api.botframework.com/.default",
    });
  });

  it("strips the bot's mention in a channel; the user, channel and team are the stable ids", async () => {
    const { send } = makeBot();
    const message = activity(CHANNEL, {
      text: CHANNEL.text.replace("hi", "whoami"),
    });
    expect((await send(await post(message, await token()))).status).toBe(200);
    const reply = await recorder.waitFor(repliesTo(CHANNEL.id), 5000);
    expect(reply.json.text).toBe(
      `${CHANNEL.from.aadObjectId} ${CHANNEL.channelData.channel.id} ${CHANNEL.channelData.tenant.id}`,
    );
  });

  it("answers a bare mention of the bot with the help", async () => {
    const { send } = makeBot();
    await send(await post(activity(CHANNEL, { text: "<at>Teams TestBot</at>" }), await token()));
    const reply = await recorder.waitFor(repliesTo(CHANNEL.id), 5000);
    expect(reply.json.text).toContain("`careful`");
  });

  it("asks for the access token once and reuses it until it expires", async () => {
    const { send } = makeBot();
    for (const id of ["m1", "m2"])
      await send(await post(activity(PERSONAL, { id, text: "hi" }), await token()));
    await recorder.waitFor(repliesTo("m2"), 5000);
    expect(recorder.requests.filter((r) => r.path === TEAMS_IDENTITY_PATHS.token)).toHaveLength(1);
  });

  it("sends user text back inert: no mention tag, no HTML, no disguised link", async () => {
    const { send } = makeBot();
    const text = "echo <at>Megan Bowen</at> <b>x</b> [docs](https://evil.example)";
    await send(await post(activity(PERSONAL, { text }), await token()));
    const reply = await recorder.waitFor(repliesTo(PERSONAL.id), 5000);
    expect(reply.json.text).not.toContain("<at>");
    expect(reply.json.text).not.toContain("<b>");
    expect(reply.json.text).not.toContain("](");
    expect(reply.json.text).toContain("&lt;at&gt;Megan Bowen&lt;/at&gt;");
  });
});

describe("identity and tokens", () => {
  it("matches access rules on the user's Entra object id", async () => {
    const { send } = makeBot();
    await send(await post(activity(PERSONAL, { text: "megan" }), await token()));
    expect((await recorder.waitFor(repliesTo(PERSONAL.id), 5000)).json.text).toBe("for Megan");
    const someone = { ...PERSONAL.from, aadObjectId: "00000000-0000-0000-0000-000000000001" };
    await send(
      await post(activity(PERSONAL, { id: "m9", text: "megan", from: someone }), await token()),
    );
    expect((await recorder.waitFor(repliesTo("m9"), 5000)).json.text).toContain(
      "You are not allowed to run `megan`",
    );
  });

  it("asks for a new access token after the Bot Connector refuses one", async () => {
    const { send, settle } = makeBot();
    const conversation = encodeURIComponent(PERSONAL.conversation.id);
    recorder.respondWith(`/amer/v3/conversations/${conversation}/activities/m1`, { status: 401 });
    await send(await post(activity(PERSONAL, { id: "m1", text: "hi" }), await token()));
    await settle();
    await send(await post(activity(PERSONAL, { id: "m2", text: "hi" }), await token()));
    await recorder.waitFor(repliesTo("m2"), 5000);
    expect(recorder.requests.filter((r) => r.path === TEAMS_IDENTITY_PATHS.token)).toHaveLength(2);
  });
});

describe("cards and buttons", () => {
  it("asks with an Adaptive Card, and a submit of Run edits that card with the result", async () => {
    const { send } = makeBot();
    await send(await post(activity(PERSONAL, { text: "careful" }), await token()));
    const asked = await recorder.waitFor(repliesTo(PERSONAL.id), 5000);
    const card = asked.json.attachments[0];
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.content.body[0]).toMatchObject({ type: "TextBlock", text: "Run `careful`?" });
    const [run, cancel] = card.content.actions;
    expect([run.type, run.title, cancel.title]).toEqual(["Action.Submit", "Run", "Cancel"]);
    expect(run.data.catopsAction).toBe("catops.confirm");

    const submit = activity(SUBMIT, { value: run.data });
    expect((await send(await post(submit, await token()))).status).toBe(200);
    const edit = await recorder.waitFor(
      (r) => r.method === "PUT" && r.path.endsWith(`/activities/${SUBMIT.replyToId}`),
      5000,
    );
    expect(edit.json).toMatchObject({
      type: "message",
      text: "careful done",
      id: SUBMIT.replyToId,
    });
  });

  it("acknowledges a submit that carries no CatOps action, and runs nothing", async () => {
    const { send, log } = makeBot();
    const submit = activity(SUBMIT, { value: { someone: "else" } });
    expect((await send(await post(submit, await token()))).status).toBe(200);
    expect(log.text()).toContain("not a CatOps button");
    expect(recorder.requests.filter((r) => r.path.includes("/v3/"))).toEqual([]);
  });

  it("answers a deferred command at once and posts its result later", async () => {
    const { send, settle } = makeBot();
    await send(await post(activity(PERSONAL, { text: "later" }), await token()));
    await settle();
    const replies = recorder.requests.filter(repliesTo(PERSONAL.id));
    expect(replies.map((r) => r.json.text)).toEqual([
      expect.stringMatching(/^Running `later`…/),
      "later done",
    ]);
  });
});

describe("request checks", () => {
  const refusals: [string, () => Promise<string | undefined>][] = [
    ["missing token", async () => undefined],
    ["malformed token", async () => "not.a.jwt"],
    ["expired token", () => token({}, { expiresInSeconds: -600 })],
    ["wrong audience", () => token({ aud: "another-app" })],
    ["wrong issuer", () => token({ iss: "https://sts.windows.net/someone/" })],
    ["unknown key", () => token({}, { unknownKey: true })],
    ["serviceUrl mismatch", () => token({ serviceurl: "https://attacker.example/" })],
    ["missing serviceUrl claim", () => token({ serviceurl: undefined })],
  ];

  for (const [reason, bearer] of refusals)
    it(`refuses a request with 401 for ${reason}, saying why in the log`, async () => {
      const { send, log } = makeBot();
      const response = await send(await post(activity(PERSONAL, { text: "hi" }), await bearer()));
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ ok: false, error: "invalid token" });
      expect(log.lines).toContainEqual(
        expect.objectContaining({ message: "Teams request refused", fields: { reason } }),
      );
      expect(recorder.requests.filter((r) => r.path.includes("/v3/"))).toEqual([]);
    });

  it("accepts a token that expired within the five minutes of clock skew", async () => {
    const { send } = makeBot();
    const response = await send(
      await post(activity(PERSONAL, { text: "hi" }), await token({}, { expiresInSeconds: -120 })),
    );
    expect(response.status).toBe(200);
  });

  it("refuses a malformed activity with a valid token with 400", async () => {
    const { send } = makeBot();
    for (const body of ["{not json", JSON.stringify({ type: "message" }), "[]"]) {
      const response = await send(await post(body, await token()));
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).not.toMatch(/\n\s+at /);
    }
  });

  it("refuses everything without an app id, and says so in the log once", async () => {
    const { send, log } = makeBot({ CATOPS_TEAMS_APP_ID: undefined });
    for (let i = 0; i < 2; i++)
      expect((await send(await post(activity(PERSONAL), await token()))).status).toBe(401);
    expect(log.lines.filter((l) => l.message.includes("CATOPS_TEAMS_APP_ID"))).toHaveLength(1);
  });

  it("acknowledges activities that are not commands (conversationUpdate) without answering", async () => {
    const { send } = makeBot();
    const update = activity(PERSONAL, { type: "conversationUpdate", text: undefined });
    expect((await send(await post(update, await token()))).status).toBe(200);
    expect(recorder.requests.filter((r) => r.path.includes("/v3/"))).toEqual([]);
  });
});

describe("alerts", () => {
  it("posts an alert to its conversation as a card with the runbook's buttons", async () => {
    const conversation = "19:693ecdb923ac4458a5c23661b505fc84@thread.skype";
    const { send } = connectorTestBot({
      plugins: chatTestPlugins(150),
      connectors: [createTeamsConnector({ sleep: async () => {} })],
      alerts: createAlerts({ runbooks: [{ source: "uptimerobot", commands: ["hi"] }] }),
      env: {
        CATOPS_TEAMS_APP_ID: APP_ID,
        CATOPS_TEAMS_PASSWORD: PASSWORD,
        CATOPS_TEAMS_TOKEN_URL: `${recorder.url}${TEAMS_IDENTITY_PATHS.token}`,
        CATOPS_TEAMS_SERVICE_URL: serviceUrl(),
        CATOPS_ALERT_TOKEN: "teams-alert-token",
        CATOPS_ALERT_CHANNEL: conversation,
      },
    });
    const conversationPath = `/amer/v3/conversations/${encodeURIComponent(conversation)}/activities`;
    recorder.respondWith(conversationPath, {
      status: 201,
      body: JSON.stringify({ id: "1700000000001" }),
    });
    const alert = (state: "down" | "up") =>
      send(
        new Request("http://localhost/alerts/uptimerobot?token=teams-alert-token", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: vendorText(`monitoring/uptimerobot-monitor-${state}.zulip-fixture.json`),
        }),
      );
    const body = vendorText("monitoring/uptimerobot-monitor-down.zulip-fixture.json");
    expect((await alert("down")).status).toBe(200);
    const posted = await recorder.waitFor((r) => r.path.includes("/v3/conversations/"), 5000);
    expect(posted.path).toBe(
      `/amer/v3/conversations/${encodeURIComponent(conversation)}/activities`,
    );
    expect(JSON.stringify(posted.json)).toContain(JSON.parse(body).monitorFriendlyName);
    const actions = posted.json.attachments[0].content.actions;
    expect(actions).toContainEqual(
      expect.objectContaining({
        type: "Action.Submit",
        data: { catopsAction: "catops.run", catopsValue: "hi" },
      }),
    );
    // The monitor coming back up edits the first card in place (PUT of its activity).
    expect((await alert("up")).status).toBe(200);
    const resolved = await recorder.waitFor(
      (r) => r.path.endsWith("/activities/1700000000001"),
      5000,
    );
    expect(resolved.method).toBe("PUT");
    expect(resolved.path).toBe(`${conversationPath}/1700000000001`);
    expect(resolved.json.id).toBe("1700000000001");
    expect(JSON.stringify(resolved.json)).toContain("RESOLVED");
    expect(recorder.requests.filter((r) => r.path === conversationPath)).toHaveLength(1);
  });
});

describe("direct messages", () => {
  const MEGAN = "7faf8ab2-3d56-4244-b585-20c8a42ed2b8";
  const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  const dm = { command: [], source: "alert", channel: { id: directChannel(MEGAN) } };

  it("creates the 1:1 conversation in the bot's tenant once, then sends there", async () => {
    const { bot } = makeBot({
      CATOPS_TEAMS_SERVICE_URL: serviceUrl(),
      CATOPS_TEAMS_TENANT_ID: TENANT,
    });
    recorder.respondWith("/amer/v3/conversations", {
      status: 201,
      body: JSON.stringify({ id: "a:1yrmIcLb2Lw" }),
    });
    const connector = connectorOf(bot, "teams");
    for (const text of ["you are paged", "again"])
      await connector.deliver(dm, { text }, kitFor(bot, connector, {}, "r1"));
    const calls = recorder.requests.filter((r) => r.path.startsWith("/amer/"));
    expect(calls.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /amer/v3/conversations",
      `POST /amer/v3/conversations/${encodeURIComponent("a:1yrmIcLb2Lw")}/activities`,
      `POST /amer/v3/conversations/${encodeURIComponent("a:1yrmIcLb2Lw")}/activities`,
    ]);
    expect(calls[0]!.json).toEqual({
      bot: { id: `28:${APP_ID}` },
      members: [{ id: MEGAN }],
      isGroup: false,
      tenantId: TENANT,
      channelData: { tenant: { id: TENANT } },
    });
    for (const call of calls) expect(call.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(JSON.stringify(calls[1]!.json)).toContain("you are paged");
  });

  it("reports a conversation it cannot create, or has no tenant for, as undelivered", async () => {
    const { bot } = makeBot({
      CATOPS_TEAMS_SERVICE_URL: serviceUrl(),
      CATOPS_TEAMS_TENANT_ID: TENANT,
    });
    recorder.respondWith("/amer/v3/conversations", {
      status: 403,
      body: JSON.stringify({
        error: {
          code: "BotNotInConversationRoster",
          message: "The bot is not part of the conversation roster.",
        },
      }),
    });
    const connector = connectorOf(bot, "teams");
    const refused = await connector.deliver(dm, { text: "x" }, kitFor(bot, connector, {}, "r1"));
    expect(refused.error).toMatch(/^direct message: create conversation: HTTP 403/);
    const tenantless = makeBot({ CATOPS_TEAMS_SERVICE_URL: serviceUrl() });
    const none = await connectorOf(tenantless.bot, "teams").deliver(
      dm,
      { text: "x" },
      kitFor(tenantless.bot, connectorOf(tenantless.bot, "teams"), {}, "r2"),
    );
    expect(none.error).toBe(
      "direct message: no Teams tenant (CATOPS_TEAMS_TENANT_ID) for a 1:1 chat",
    );
    expect(recorder.requests.filter((r) => r.path.startsWith("/amer/"))).toHaveLength(1);
  });
});
