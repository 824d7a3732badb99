// One Node server configured for all five chat platforms answers each one's real request shape
// (the vendors' documented payloads, signed or tokened now); a server without a platform's
// settings does not answer its route.
import { createHmac, createPrivateKey, sign } from "node:crypto";
import { silentLogger } from "@catops/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vendorJson, vendorText } from "../../../test/fixtures/vendor.mjs";
import {
  createTestIssuer,
  GOOGLE_IDENTITY_PATHS,
  serveGoogleIdentity,
  serveTeamsIdentity,
  TEAMS_IDENTITY_PATHS,
} from "../../../packages/conformance/src/identity.ts";
import { type Recorder, startRecorder } from "../../../packages/conformance/src/recorder.ts";
import { configuredChatConnectors } from "./chat-connectors.js";
import { createNodeBot, isLocalMode, playgroundEnabled } from "./node-bot.js";
import { type RunningServer, serve } from "./handler.js";

const SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const MATTERMOST_BODY = vendorText("chat/mattermost-slash-command-body.docs-joined.txt");
const MATTERMOST_TOKEN = new URLSearchParams(MATTERMOST_BODY).get("token")!;
const SIGNED_PING = vendorJson("chat/discord-ping-signed.DERIVED.json");
const TEAMS_APP_ID = "c9e8c047-2a74-40a2-b28a-b162d5f5327c";
const TEAMS_MESSAGE = vendorJson("teams/message-personal.msteams-docs.json");
const GOOGLE_CHAT_EVENT = vendorJson("google-chat/message-slash-command.DERIVED.json");
const discordKey = createPrivateKey({
  key: Buffer.concat([
    Buffer.from("302e020100300506032b657004220420", "hex"),
    Buffer.from(SIGNED_PING.private_key_seed_hex_RFC8032_TEST1, "hex"),
  ]),
  format: "der",
  type: "pkcs8",
});

const teamsIssuer = await createTestIssuer("node-teams-key");
const chatIssuer = await createTestIssuer("node-google-chat-key");
let recorder: Recorder;
let server: RunningServer;
let base: string;

beforeAll(async () => {
  recorder = await startRecorder();
  serveTeamsIdentity(recorder, teamsIssuer, "node-teams-access-token");
  serveGoogleIdentity(recorder, chatIssuer, chatIssuer, "node-google-access-token");
  const bot = await createNodeBot({
    plugins: [{ file: "hi.ts", exports: { hi: () => "Meow!" } }],
    store: "memory",
    logger: silentLogger,
    env: {
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_BOT_TOKEN: "xoxb-node-five-platforms",
      CATOPS_MATTERMOST_TOKEN: MATTERMOST_TOKEN,
      CATOPS_DISCORD_PUBLIC_KEY: SIGNED_PING.public_key_hex,
      CATOPS_TEAMS_APP_ID: TEAMS_APP_ID,
      CATOPS_TEAMS_PASSWORD: "node-five-platforms-secret",
      CATOPS_TEAMS_OPENID_METADATA_URL: `${recorder.url}${TEAMS_IDENTITY_PATHS.metadata}`,
      CATOPS_TEAMS_TOKEN_URL: `${recorder.url}${TEAMS_IDENTITY_PATHS.token}`,
      CATOPS_GOOGLE_CHAT_AUDIENCE: "1234567890",
      CATOPS_GOOGLE_CHAT_JWKS_URL: `${recorder.url}${GOOGLE_IDENTITY_PATHS.chatKeys}`,
    },
  });
  server = await serve(bot, { port: 0, env: {} });
  base = server.url.replace(/\/+$/, "");
});

afterAll(async () => {
  await server?.close({ graceMs: 1000 });
  await recorder?.close();
});

const post = (path: string, body: string, headers: Record<string, string>) =>
  fetch(`${base}${path}`, { method: "POST", headers, body });

describe("a Node bot configured for five platforms", () => {
  it("answers a Slack slash command", async () => {
    const params = new URLSearchParams(vendorText("slack/signing-docs-example.body.txt"));
    params.set("text", "hi");
    const body = params.toString();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac("sha256", SLACK_SECRET)
      .update(`v0:${timestamp}:${body}`)
      .digest("hex");
    const response = await post("/slack/events", body, {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": `v0=${signature}`,
    });
    expect(await response.json()).toEqual({ text: "Meow!", response_type: "in_channel" });
  });

  it("answers a Mattermost slash command", async () => {
    const params = new URLSearchParams(MATTERMOST_BODY);
    params.set("text", "hi");
    const response = await post("/mattermost/commands", params.toString(), {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Token ${MATTERMOST_TOKEN}`,
    });
    expect(await response.json()).toEqual({ response_type: "in_channel", text: "Meow!" });
  });

  it("answers a Discord PING", async () => {
    const body = vendorText(`chat/${SIGNED_PING.body_file}`);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await post("/discord/interactions", body, {
      "content-type": "application/json",
      "x-signature-timestamp": timestamp,
      "x-signature-ed25519": sign(null, Buffer.from(timestamp + body), discordKey).toString("hex"),
    });
    expect(await response.json()).toEqual({ type: 1 });
  });

  it("answers a Teams message through the Bot Connector", async () => {
    const serviceUrl = `${recorder.url}/teams-service/`;
    const activity = { ...TEAMS_MESSAGE, serviceUrl, text: "hi" };
    const token = await teamsIssuer.sign({
      iss: "https://api.botframework.com",
      aud: TEAMS_APP_ID,
      serviceurl: serviceUrl,
    });
    const response = await post("/teams/messages", JSON.stringify(activity), {
      "content-type": "application/json",
      authorization: `Bearer ${token}`,
    });
    expect(response.status).toBe(200);
    const reply = await recorder.waitFor((r) => r.path.startsWith("/teams-service/v3/"), 5000);
    expect(reply.json.text).toBe("Meow!");
  });

  it("answers a Google Chat slash command in the HTTP response", async () => {
    const token = await chatIssuer.sign({
      iss: "chat@system.gserviceaccount.com",
      aud: "1234567890",
    });
    const response = await post("/google-chat/events", JSON.stringify(GOOGLE_CHAT_EVENT), {
      "content-type": "application/json",
      authorization: `Bearer ${token}`,
    });
    expect(await response.json()).toEqual({ text: "Meow!" });
  });
});

describe("configuredChatConnectors", () => {
  it("adds a platform only when its setting is present", () => {
    expect(configuredChatConnectors({ SLACK_SIGNING_SECRET: SLACK_SECRET })).toEqual([]);
    const names = (env: Record<string, string>) => configuredChatConnectors(env).map((c) => c.name);
    expect(names({ CATOPS_TEAMS_APP_ID: TEAMS_APP_ID, CATOPS_GOOGLE_CHAT_AUDIENCE: "" })).toEqual([
      "teams",
    ]);
    expect(
      names({
        CATOPS_MATTERMOST_TOKEN: "t",
        CATOPS_DISCORD_PUBLIC_KEY: "k",
        CATOPS_TEAMS_APP_ID: "a",
        CATOPS_GOOGLE_CHAT_AUDIENCE: "1",
      }),
    ).toEqual(["mattermost", "discord", "teams", "google-chat"]);
  });

  it("leaves local mode (loopback, playground) when any platform is configured, not only Slack", () => {
    expect(isLocalMode({})).toBe(true);
    for (const env of [
      { SLACK_SIGNING_SECRET: SLACK_SECRET },
      { CATOPS_TEAMS_APP_ID: TEAMS_APP_ID },
      { CATOPS_GOOGLE_CHAT_AUDIENCE: "1234567890" },
    ]) {
      expect(isLocalMode(env)).toBe(false);
      expect(playgroundEnabled(env)).toBe(false);
    }
  });

  it("leaves a platform's route unanswered when its settings are absent", async () => {
    const bot = await createNodeBot({
      plugins: [],
      store: "memory",
      logger: silentLogger,
      env: { SLACK_SIGNING_SECRET: SLACK_SECRET },
    });
    for (const path of ["/teams/messages", "/google-chat/events"]) {
      const response = await bot.fetch(
        new Request(`http://localhost${path}`, { method: "POST", body: "{}" }),
      );
      expect(response.status).toBe(404);
    }
  });
});
