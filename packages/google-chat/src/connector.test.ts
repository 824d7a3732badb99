import { createAlerts } from "@catops/alerts";
import { command, directChannel, type PluginModule } from "@catops/core";
import { connectorOf, kitFor } from "@catops/core/testing";
import { decodeJwt } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import { vendorJson, vendorText } from "../../../test/fixtures/vendor.mjs";
import { chatTestPlugins, connectorTestBot, useRecorder } from "../../../test/support/chat.ts";
import {
  createTestIssuer,
  GOOGLE_IDENTITY_PATHS,
  serveGoogleIdentity,
  testServiceAccount,
} from "../../conformance/src/identity.ts";
import { createGoogleChatConnector } from "./create.ts";

const PROJECT_NUMBER = "1234567890";
const ENDPOINT = "https://catops.example.com/google-chat/events";
const ACCESS_TOKEN = "google-chat-connector-test-access-token";
const MENTION = vendorJson("google-chat/message-mention.DERIVED.json");
const SLASH = vendorJson("google-chat/message-slash-command.DERIVED.json");
const DM = vendorJson("google-chat/message-dm.DERIVED.json");
const CLICK = vendorJson("google-chat/card-clicked.DERIVED.json");

const chatIssuer = await createTestIssuer("google-chat-test-key");
const idTokenIssuer = await createTestIssuer("google-id-token-test-key");
const recorder = useRecorder();

const echo: PluginModule = {
  file: "echo.ts",
  exports: {
    whoami: command({ run: ({ user, channel, team }) => `${user?.id} ${channel?.id} ${team?.id}` }),
    echo: command({ run: ({ argv }) => argv.join(" ") }),
  },
};

beforeEach(() => serveGoogleIdentity(recorder, chatIssuer, idTokenIssuer, ACCESS_TOKEN));

function makeBot(env: Record<string, string | undefined> = {}) {
  const account = testServiceAccount(`${recorder.url}${GOOGLE_IDENTITY_PATHS.token}`);
  return connectorTestBot({
    plugins: [...chatTestPlugins(150), echo],
    connectors: [createGoogleChatConnector({ sleep: async () => {} })],
    env: {
      CATOPS_GOOGLE_CHAT_AUDIENCE: `${PROJECT_NUMBER},${ENDPOINT}`,
      CATOPS_GOOGLE_CHAT_JWKS_URL: `${recorder.url}${GOOGLE_IDENTITY_PATHS.chatKeys}`,
      CATOPS_GOOGLE_CHAT_ID_TOKEN_JWKS_URL: `${recorder.url}${GOOGLE_IDENTITY_PATHS.idTokenKeys}`,
      CATOPS_GOOGLE_CHAT_SERVICE_ACCOUNT_KEY: JSON.stringify(account),
      CATOPS_GOOGLE_CHAT_API_URL: `${recorder.url}/chat`,
      ...env,
    },
  });
}

/** The app-project form: issued by chat@system.gserviceaccount.com for the project number. */
const chatToken = (claims: Record<string, unknown> = {}, options = {}) =>
  chatIssuer.sign(
    { iss: "chat@system.gserviceaccount.com", aud: PROJECT_NUMBER, ...claims },
    options,
  );

/** The ID-token form: issued by accounts.google.com for the endpoint URL. */
const idToken = (claims: Record<string, unknown> = {}) =>
  idTokenIssuer.sign({
    iss: "https://accounts.google.com",
    aud: ENDPOINT,
    email: "chat@system.gserviceaccount.com",
    email_verified: true,
    ...claims,
  });

function withText(base: Record<string, any>, text: string) {
  const event = structuredClone(base);
  event.message.argumentText = ` ${text}`;
  return event;
}

function post(body: unknown, bearer?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  return new Request("http://localhost/google-chat/events", {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function answer(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/json");
  return (await response.json()) as any;
}

describe("events", () => {
  it("answers a slash command, a mention in a space and a direct message in the HTTP response", async () => {
    const { send } = makeBot();
    for (const event of [SLASH, MENTION, DM])
      expect(await answer(await send(post(event, await chatToken())))).toEqual({ text: "Meow!" });
  });

  it("accepts the ID-token form for the endpoint URL", async () => {
    const { send } = makeBot();
    expect(await answer(await send(post(MENTION, await idToken())))).toEqual({ text: "Meow!" });
  });

  it("names the user and the space by their stable resource names, the team by the user's domain", async () => {
    const { send } = makeBot();
    const body = await answer(await send(post(withText(MENTION, "whoami"), await chatToken())));
    expect(body.text).toBe(`${MENTION.user.name} ${MENTION.space.name} ${MENTION.user.domainId}`);
  });

  it("sends user text back inert: no mention, no hidden link", async () => {
    const { send } = makeBot();
    const text = "echo <users/all> <https://evil.example|docs> [x](https://evil.example)";
    const body = await answer(await send(post(withText(MENTION, text), await chatToken())));
    expect(body.text).not.toContain("<users/all>");
    expect(body.text).not.toContain("<https://");
    expect(body.text).not.toContain("](");
  });
});

describe("cards and late replies", () => {
  it("asks with a card v2, and a click on Run updates that card with the result", async () => {
    const { send } = makeBot();
    const asked = await answer(await send(post(withText(MENTION, "careful"), await chatToken())));
    expect(asked.text).toBe("Run `careful`?");
    const [run, cancel] = asked.cardsV2[0].card.sections[0].widgets[0].buttonList.buttons;
    expect([run.text, cancel.text]).toEqual(["Run", "Cancel"]);
    expect(run.onClick.action.function).toBe("catops.confirm");

    const click = structuredClone(CLICK);
    click.common = { ...click.common, invokedFunction: "catops.confirm", parameters: {} };
    for (const { key, value } of run.onClick.action.parameters)
      click.common.parameters[key] = value;
    delete click.action;
    const done = await answer(await send(post(click, await chatToken())));
    expect(done).toEqual({ actionResponse: { type: "UPDATE_MESSAGE" }, text: "careful done" });
  });

  it("a click on a run button adds a message with the command's answer", async () => {
    const { send } = makeBot();
    const body = await answer(await send(post(CLICK, await chatToken())));
    expect(body).toEqual({ actionResponse: { type: "NEW_MESSAGE" }, text: "Meow!" });
  });

  it("answers a deferred command at once and posts its result in the thread with the service account", async () => {
    const { send, settle } = makeBot();
    const ack = await answer(await send(post(withText(MENTION, "later"), await chatToken())));
    expect(ack.text).toMatch(/^Running `later`…/);
    await settle();
    const late = await recorder.waitFor((r) => r.path.startsWith("/chat/v1/"), 5000);
    expect(late.method).toBe("POST");
    expect(late.path).toBe(
      `/chat/v1/${MENTION.space.name}/messages?messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`,
    );
    expect(late.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(late.json).toEqual({ text: "later done", thread: MENTION.message.thread });
    const grant = recorder.requests.find((r) => r.path === GOOGLE_IDENTITY_PATHS.token)!;
    const form = new URLSearchParams(grant.body);
    expect(form.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    expect(decodeJwt(form.get("assertion")!)).toMatchObject({
      iss: "catops-test@catops-test.iam.gserviceaccount.com",
      scope: "https://www.googleapis.com/auth/chat.bot",
      aud: `${recorder.url}${GOOGLE_IDENTITY_PATHS.token}`,
    });
  });
});

describe("request checks", () => {
  const refusals: [string, () => Promise<string | undefined>][] = [
    ["missing token", async () => undefined],
    ["malformed token", async () => "not-a-jwt"],
    ["expired token", () => chatToken({}, { expiresInSeconds: -600 })],
    ["wrong audience", () => chatToken({ aud: "999" })],
    ["wrong issuer", () => chatToken({ iss: "someone@example.iam.gserviceaccount.com" })],
    ["unknown key", () => chatToken({}, { unknownKey: true })],
    ["wrong email", () => idToken({ email: "someone@example.com" })],
  ];

  for (const [reason, bearer] of refusals)
    it(`refuses a request with 401 for ${reason}, saying why in the log`, async () => {
      const { send, log } = makeBot();
      const response = await send(post(MENTION, await bearer()));
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ ok: false, error: "invalid token" });
      expect(log.lines).toContainEqual(
        expect.objectContaining({ message: "Google Chat request refused", fields: { reason } }),
      );
    });

  it("refuses a malformed event with a valid token with 400", async () => {
    const { send } = makeBot();
    for (const body of ["{not json", JSON.stringify({ type: "MESSAGE" }), "[]"]) {
      const response = await send(post(body, await chatToken()));
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).not.toMatch(/\n\s+at /);
    }
  });

  it("refuses everything without an audience, and says so in the log once", async () => {
    const { send, log } = makeBot({ CATOPS_GOOGLE_CHAT_AUDIENCE: undefined });
    for (let i = 0; i < 2; i++)
      expect((await send(post(MENTION, await chatToken()))).status).toBe(401);
    expect(log.lines.filter((l) => l.message.includes("CATOPS_GOOGLE_CHAT_AUDIENCE"))).toHaveLength(
      1,
    );
  });

  it("acknowledges events that are not commands (ADDED_TO_SPACE) with an empty answer", async () => {
    const { send } = makeBot();
    const added = { ...structuredClone(DM), type: "ADDED_TO_SPACE" };
    expect(await answer(await send(post(added, await chatToken())))).toEqual({});
  });
});

describe("alerts", () => {
  it("posts an alert to its space through the Chat API with the runbook's buttons", async () => {
    const account = testServiceAccount(`${recorder.url}${GOOGLE_IDENTITY_PATHS.token}`);
    const { send } = connectorTestBot({
      plugins: chatTestPlugins(150),
      connectors: [createGoogleChatConnector({ sleep: async () => {} })],
      alerts: createAlerts({ runbooks: [{ source: "uptimerobot", commands: ["hi"] }] }),
      env: {
        CATOPS_GOOGLE_CHAT_AUDIENCE: PROJECT_NUMBER,
        CATOPS_GOOGLE_CHAT_SERVICE_ACCOUNT_KEY: JSON.stringify(account),
        CATOPS_GOOGLE_CHAT_API_URL: `${recorder.url}/chat`,
        CATOPS_ALERT_TOKEN: "google-chat-alert-token",
        CATOPS_ALERT_CHANNEL: MENTION.space.name,
      },
    });
    const thread = `${MENTION.space.name}/threads/alert-thread`;
    recorder.respondWith(`/chat/v1/${MENTION.space.name}/messages`, {
      status: 200,
      body: JSON.stringify({ name: `${MENTION.space.name}/messages/m1`, thread: { name: thread } }),
    });
    const alert = (state: "down" | "up") =>
      send(
        new Request("http://localhost/alerts/uptimerobot?token=google-chat-alert-token", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: vendorText(`monitoring/uptimerobot-monitor-${state}.zulip-fixture.json`),
        }),
      );
    const body = vendorText("monitoring/uptimerobot-monitor-down.zulip-fixture.json");
    expect((await alert("down")).status).toBe(200);
    const posted = await recorder.waitFor((r) => r.path.startsWith("/chat/v1/"), 5000);
    expect(posted.path).toBe(`/chat/v1/${MENTION.space.name}/messages`);
    expect(posted.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(JSON.stringify(posted.json)).toContain(JSON.parse(body).monitorFriendlyName);
    const buttons = posted.json.cardsV2[0].card.sections.at(-1).widgets[0].buttonList.buttons;
    expect(buttons).toContainEqual(
      expect.objectContaining({
        onClick: {
          action: { function: "catops.run", parameters: [{ key: "value", value: "hi" }] },
        },
      }),
    );
    // The monitor coming back up edits the first card in place (spaces.messages.patch).
    expect((await alert("up")).status).toBe(200);
    const resolved = await recorder.waitFor((r) => r.method === "PATCH", 5000);
    expect(resolved.path).toBe(
      `/chat/v1/${MENTION.space.name}/messages/m1?updateMask=text,cardsV2`,
    );
    expect(JSON.stringify(resolved.json)).toContain("RESOLVED");
    expect(
      recorder.requests.filter((r) => r.method === "POST" && r.path.startsWith("/chat/")),
    ).toHaveLength(1);
  });
});

describe("direct messages", () => {
  const USER = "users/113847212359468349051";
  const dm = { command: [], source: "alert", channel: { id: directChannel(USER) } };
  const FIND = "/chat/v1/spaces:findDirectMessage";

  it("finds the app's DM space with the user once, then creates messages there", async () => {
    const { bot } = makeBot();
    recorder.respondWith(FIND, {
      status: 200,
      body: JSON.stringify({ name: "spaces/AAAAxyzDM", spaceType: "DIRECT_MESSAGE" }),
    });
    const connector = connectorOf(bot, "google-chat");
    for (const text of ["you are paged", "again"])
      await connector.deliver(dm, { text }, kitFor(bot, connector, {}, "r1"));
    const calls = recorder.requests.filter((r) => r.path.startsWith("/chat/"));
    expect(calls.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${FIND}?name=users%2F113847212359468349051`,
      "POST /chat/v1/spaces/AAAAxyzDM/messages",
      "POST /chat/v1/spaces/AAAAxyzDM/messages",
    ]);
    for (const call of calls) expect(call.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(calls[0]!.body).toBe("");
    expect(calls[1]!.json).toMatchObject({ text: "you are paged" });
  });

  it("reports a user with no DM space with the app as undelivered, posting nothing", async () => {
    const { bot } = makeBot();
    recorder.respondWith(FIND, {
      status: 404,
      body: JSON.stringify({
        error: { code: 404, message: "Direct message space not found.", status: "NOT_FOUND" },
      }),
    });
    const connector = connectorOf(bot, "google-chat");
    const delivery = await connector.deliver(dm, { text: "x" }, kitFor(bot, connector, {}, "r1"));
    expect(delivery.error).toMatch(/^direct message: spaces.findDirectMessage: HTTP 404/);
    expect(recorder.requests.filter((r) => r.path.startsWith("/chat/"))).toHaveLength(1);
  });
});
