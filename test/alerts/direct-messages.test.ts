// Escalation pages by direct message on every platform that has them, not only Slack: an alert
// fires into the channel, nobody acknowledges it, the `alert escalate` schedule runs, and the
// next person on the rota gets a direct message, through the connector's own calls to open the
// conversation (the recorder stands in for each platform's servers).
import { createAlerts } from "@catops/alerts";
import { type Connector, createCatOps } from "@catops/core";
import { createDiscordConnector } from "@catops/discord";
import { createGoogleChatConnector } from "@catops/google-chat";
import { createMattermostConnector } from "@catops/mattermost";
import { createTeamsConnector } from "@catops/teams";
import { describe, expect, it } from "vitest";
import {
  GOOGLE_IDENTITY_PATHS,
  TEAMS_IDENTITY_PATHS,
  testServiceAccount,
} from "../../packages/conformance/src/identity.ts";
import type { Recorder, RecordedRequest } from "../../packages/conformance/src/recorder.ts";
import { captureLogger, useRecorder } from "../support/chat.ts";

const ALERT_TOKEN = "dm-alert-token-0123456789";
const PAGED = "You are paged for *High CPU api*";

interface Platform {
  name: string;
  connector: (recorder: Recorder) => Connector;
  env: (recorder: Recorder) => Record<string, string>;
  /** The channel alerts go to, as the platform names it. */
  channel: string;
  /** Who is on call now and who is next, written as the platform mentions them. */
  rota: [string, string];
  /** Answers the platform gives to the calls that open the direct conversation. */
  script(recorder: Recorder): void;
  /** The calls that open the conversation, `METHOD path`, in order. */
  opens: string[];
  /** Whether a request is the direct message to the next person. */
  isDirectMessage(request: RecordedRequest): boolean;
}

const MM_BOT = "b0tus3r1d5k9x8c7v6n5m4l3k2";
const MM_ANN = "ann0000000000000000000000a";
const MM_BOB = "bob0000000000000000000000b";
const MM_DM = "d1r3ctch4nn3l1d0000000000x";

const DC_CHANNEL = "645027906669510667";
const DC_DM = "319674150115610528";

const TEAMS_CHANNEL = "19:693ecdb923ac4458a5c23661b505fc84@thread.skype";
const TEAMS_DM = "a:1yrmIcLb2Lw";
const teamsActivities = (conversation: string) =>
  `/amer/v3/conversations/${encodeURIComponent(conversation)}/activities`;

const GC_SPACE = "spaces/AAAAalerts";
const GC_DM = "spaces/AAAAdirect";
const ACCESS_TOKEN = '{"token_type":"Bearer","expires_in":3599,"access_token":"alerts-test-token"}';

const platforms: Platform[] = [
  {
    name: "Mattermost",
    connector: () => createMattermostConnector({ sleep: async () => {} }),
    env: (recorder) => ({
      CATOPS_MATTERMOST_URL: `${recorder.url}/mm`,
      CATOPS_MATTERMOST_BOT_TOKEN: "mm-bot-token-0123456789",
    }),
    channel: "alertschannel000000000000c",
    rota: [`@${MM_ANN}`, `@${MM_BOB}`],
    script(recorder) {
      recorder.serve("/mm/api/v4/posts", {
        status: 201,
        body: '{"id":"p0st1d0000000000000000000"}',
      });
      recorder.respondWith("/mm/api/v4/users/me", { status: 200, body: `{"id":"${MM_BOT}"}` });
      recorder.respondWith("/mm/api/v4/channels/direct", {
        status: 201,
        body: `{"id":"${MM_DM}"}`,
      });
    },
    opens: ["GET /mm/api/v4/users/me", "POST /mm/api/v4/channels/direct"],
    isDirectMessage: (r) =>
      r.path === "/mm/api/v4/posts" &&
      r.json?.channel_id === MM_DM &&
      String(r.json?.message).includes(PAGED),
  },
  {
    name: "Discord",
    connector: () => createDiscordConnector({ sleep: async () => {} }),
    env: (recorder) => ({
      CATOPS_DISCORD_API_URL: `${recorder.url}/api/v10`,
      CATOPS_DISCORD_BOT_TOKEN: "MTAxMjM0NTY3ODkw.alerts-test.bot-token",
    }),
    channel: DC_CHANNEL,
    rota: ["<@53908232506183680>", "<@80351110224678912>"],
    script(recorder) {
      recorder.serve(`/api/v10/channels/${DC_CHANNEL}/messages`, {
        status: 200,
        body: '{"id":"1100000000000000001"}',
      });
      recorder.respondWith("/api/v10/users/@me/channels", {
        status: 200,
        body: `{"id":"${DC_DM}","type":1}`,
      });
    },
    opens: ["POST /api/v10/users/@me/channels"],
    isDirectMessage: (r) =>
      r.path === `/api/v10/channels/${DC_DM}/messages` && String(r.json?.content).includes(PAGED),
  },
  {
    name: "Microsoft Teams",
    connector: () => createTeamsConnector({ sleep: async () => {} }),
    env: (recorder) => ({
      CATOPS_TEAMS_APP_ID: "c9e8c047-2a74-40a2-b28a-b162d5f5327c",
      CATOPS_TEAMS_PASSWORD: "alerts-test-client-secret",
      CATOPS_TEAMS_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      CATOPS_TEAMS_TOKEN_URL: `${recorder.url}${TEAMS_IDENTITY_PATHS.token}`,
      CATOPS_TEAMS_SERVICE_URL: `${recorder.url}/amer/`,
    }),
    channel: TEAMS_CHANNEL,
    rota: ["@6b1a3c4e-2f10-4d8e-9a55-0c1e2d3f4a5b", "@7faf8ab2-3d56-4244-b585-20c8a42ed2b8"],
    script(recorder) {
      recorder.serve(TEAMS_IDENTITY_PATHS.token, {
        status: 200,
        body: ACCESS_TOKEN,
      });
      recorder.serve(teamsActivities(TEAMS_CHANNEL), {
        status: 201,
        body: '{"id":"1700000000001"}',
      });
      recorder.respondWith("/amer/v3/conversations", {
        status: 201,
        body: `{"id":"${TEAMS_DM}"}`,
      });
    },
    opens: ["POST /amer/v3/conversations"],
    isDirectMessage: (r) =>
      r.path === teamsActivities(TEAMS_DM) && JSON.stringify(r.json).includes(PAGED),
  },
  {
    name: "Google Chat",
    connector: () => createGoogleChatConnector({ sleep: async () => {} }),
    env: (recorder) => ({
      CATOPS_GOOGLE_CHAT_SERVICE_ACCOUNT_KEY: JSON.stringify(
        testServiceAccount(`${recorder.url}${GOOGLE_IDENTITY_PATHS.token}`),
      ),
      CATOPS_GOOGLE_CHAT_API_URL: `${recorder.url}/chat`,
    }),
    channel: GC_SPACE,
    rota: ["<users/104961256345097201034>", "<users/113847212359468349051>"],
    script(recorder) {
      recorder.serve(GOOGLE_IDENTITY_PATHS.token, { status: 200, body: ACCESS_TOKEN });
      recorder.serve(`/chat/v1/${GC_SPACE}/messages`, {
        status: 200,
        body: `{"name":"${GC_SPACE}/messages/m1","thread":{"name":"${GC_SPACE}/threads/t1"}}`,
      });
      recorder.respondWith("/chat/v1/spaces:findDirectMessage", {
        status: 200,
        body: `{"name":"${GC_DM}","spaceType":"DIRECT_MESSAGE"}`,
      });
    },
    opens: ["GET /chat/v1/spaces:findDirectMessage"],
    isDirectMessage: (r) =>
      r.path === `/chat/v1/${GC_DM}/messages` && JSON.stringify(r.json).includes(PAGED),
  },
];

const recorder = useRecorder();

function makeBot(platform: Platform) {
  const clock = { now: Date.parse("2026-03-25T12:00:00Z") };
  const log = captureLogger();
  const connector = platform.connector(recorder);
  const bot = createCatOps({
    connectors: [connector],
    alerts: createAlerts({
      channel: platform.channel,
      now: () => clock.now,
      escalation: { afterMinutes: 10 },
    }),
    schedules: [
      {
        name: "alert-escalation",
        schedule: "* * * * *",
        run: "alert escalate",
        channel: platform.channel,
      },
    ],
    env: { CATOPS_ALERT_TOKEN: ALERT_TOKEN, ...platform.env(recorder) },
    logger: log.logger,
    now: () => clock.now,
  });
  /** `oncall rota set` as typed on the platform: its mentions read by its dialect. */
  const setRota = () =>
    bot.dispatch(
      { command: ["oncall", "rota", "set", ...platform.rota], channel: { id: platform.channel } },
      { dialect: connector.dialect },
    );
  return { bot, clock, log, setRota };
}

describe.each(platforms)("escalation on $name", (platform) => {
  it("pages the next person on the rota by direct message as well as in the channel", async () => {
    const { bot, clock, log, setRota } = makeBot(platform);
    platform.script(recorder);
    expect((await setRota())?.error).toBeUndefined();
    const fired = await bot.fetch(
      new Request("http://bot.test/alerts/generic", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${ALERT_TOKEN}` },
        body: JSON.stringify({ name: "High CPU api", state: "firing", severity: "error" }),
      }),
    );
    expect(fired.status).toBe(200);
    clock.now += 11 * 60_000;
    const run = await bot.runSchedule("alert-escalation");
    expect(run.reply?.text).toBe(`Escalated: High CPU api → ${platform.rota[1]}.`);
    const calls = recorder.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`);
    expect(calls.filter((call) => platform.opens.includes(call))).toEqual(platform.opens);
    expect(recorder.requests.filter(platform.isDirectMessage)).toHaveLength(1);
    expect(log.text()).not.toContain("DM not delivered");
  });

  it("logs a direct message the platform refused, and still pages in the channel", async () => {
    const { bot, clock, log, setRota } = makeBot(platform);
    platform.script(recorder);
    recorder.respondWith(platform.opens.at(-1)!.split(" ")[1]!, {
      status: 403,
      body: '{"message":"Missing Access"}',
    });
    expect((await setRota())?.error).toBeUndefined();
    await bot.fetch(
      new Request("http://bot.test/alerts/generic", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${ALERT_TOKEN}` },
        body: JSON.stringify({ name: "High CPU api", state: "firing", severity: "error" }),
      }),
    );
    clock.now += 11 * 60_000;
    const run = await bot.runSchedule("alert-escalation");
    expect(run.reply?.text).toBe(`Escalated: High CPU api → ${platform.rota[1]}.`);
    expect(recorder.requests.filter(platform.isDirectMessage)).toHaveLength(0);
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        message: "alert escalation DM not delivered",
        fields: expect.objectContaining({ error: expect.stringMatching(/^direct message: .*403/) }),
      }),
    );
  });
});
