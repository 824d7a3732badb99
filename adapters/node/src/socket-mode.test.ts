// Socket Mode against a local WebSocket server playing Slack's side (@catops/conformance's
// slack-socket.ts: hello, the three envelope kinds, a command slower than Slack's 3 s, disconnect
// and refresh, a dropped socket, failed connection attempts) and a loopback recorder for the Web API.
import { command, createCatOps, silentLogger } from "@catops/core";
import { createSlackConnector } from "@catops/slack";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { vendorJson, vendorText } from "../../../test/fixtures/vendor.mjs";
import { type Recorder, startRecorder } from "../../../packages/conformance/src/recorder.ts";
import {
  type SlackSocket,
  startSlackSocket,
} from "../../../packages/conformance/src/slack-socket.ts";
import { type RunningServer, serve } from "./handler.js";
import { startSocketMode } from "./socket-mode.js";

const APP_TOKEN = "xapp-1-socket-test";
const BOT_TOKEN = "xoxb-socket-test";

let recorder: Recorder;
let slack: SlackSocket;
let running: RunningServer;

/** apps.connections.open answers with the fake Slack's URL, as many times as it is called. */
function scriptConnections(count: number) {
  const answer = vendorJson("slack/socket-mode-apps-connections-open.response.json");
  recorder.respondWith(
    "/api/apps.connections.open",
    ...Array.from({ length: count }, () => ({
      status: 200,
      body: JSON.stringify({ ...answer, url: slack.url }),
    })),
  );
}

beforeAll(async () => {
  recorder = await startRecorder();
  slack = await startSlackSocket();
  scriptConnections(10);
  const bot = createCatOps({
    logger: silentLogger,
    connectors: [createSlackConnector({ sleep: async () => {} })],
    env: { SLACK_BOT_TOKEN: BOT_TOKEN },
    plugins: [
      {
        file: "ops.ts",
        exports: {
          hi: () => "Meow!",
          deploy: command({
            args: { service: { required: true } },
            flags: { replicas: { type: "number" } },
            run: (ctx) => `Deploying ${ctx.args.service}`,
          }),
          // Slower than Slack's 3 s, and not deferred.
          slow: async () => {
            await new Promise((resolve) => setTimeout(resolve, 3500));
            return "slow done";
          },
        },
      },
    ],
  });
  running = await serve(bot, {
    port: 0,
    env: {
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      CATOPS_SLACK_API_URL: `${recorder.url}/api`,
    },
    socketMode: { minBackoffMs: 20, maxBackoffMs: 200 },
  });
  await running.socketMode!.ready();
});

afterAll(async () => {
  await running?.close({ graceMs: 1000 });
  await slack?.close();
  await recorder?.close();
});

afterEach(() => {
  recorder.requests.length = 0;
});

function envelope(name: string, id: string, patch: (payload: any) => void = () => {}) {
  const sent = vendorJson(`slack/${name}`);
  sent.envelope_id = id;
  patch(sent.payload);
  return sent;
}

describe("Slack Socket Mode on the Node server", () => {
  it("opens the connection with the app-level token from apps.connections.open", async () => {
    expect(slack.connections).toHaveLength(1);
    const [open] = recorder.requests.filter((r) => r.path === "/api/apps.connections.open");
    expect(open?.headers.authorization).toBe(`Bearer ${APP_TOKEN}`);
  });

  it("acknowledges a slash command with its reply as the payload", async () => {
    const ws = slack.connections.at(-1)!;
    ws.send(
      JSON.stringify(
        envelope("socket-mode-slash-commands.envelope.json", "env-1", (p) => {
          p.text = "hi";
        }),
      ),
    );
    const ack = await slack.ackFor("env-1");
    expect(ack.payload).toMatchObject({ text: "Meow!", response_type: "in_channel" });
  });

  it("opens a form with views.open for a slash command missing its argument", async () => {
    const ws = slack.connections.at(-1)!;
    ws.send(
      JSON.stringify(
        envelope("socket-mode-slash-commands.envelope.json", "env-2", (p) => {
          p.text = "deploy";
        }),
      ),
    );
    const ack = await slack.ackFor("env-2");
    expect(ack).toEqual({ envelope_id: "env-2" });
    const open = await recorder.waitFor((r) => r.path === "/api/views.open");
    expect(open.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(open.json.trigger_id).toBe("37053613634.26768298162.440952c06ef4de2653466a48fe495f93");

    // The docs' view_submission, carrying the modal's metadata and an invalid number.
    const view = open.json.view;
    ws.send(
      JSON.stringify(
        envelope("socket-mode-interactive-view-submission.envelope.json", "env-3", (p) => {
          p.user = { id: "U123ABC456", username: "rainer" };
          p.view.callback_id = view.callback_id;
          p.view.private_metadata = view.private_metadata;
          p.view.state.values = {
            "arg.service": { value: { type: "plain_text_input", value: "api" } },
            "flag.replicas": { value: { type: "number_input", value: "x" } },
          };
        }),
      ),
    );
    expect((await slack.ackFor("env-3")).payload).toEqual({
      response_action: "errors",
      errors: { "flag.replicas": "Must be a number." },
    });

    // Corrected, it closes the modal and runs in the channel the form was opened from.
    ws.send(
      JSON.stringify(
        envelope("socket-mode-interactive-view-submission.envelope.json", "env-3b", (p) => {
          p.user = { id: "U123ABC456", username: "rainer" };
          p.view.callback_id = view.callback_id;
          p.view.private_metadata = view.private_metadata;
          p.view.state.values = {
            "arg.service": { value: { type: "plain_text_input", value: "api" } },
            "flag.replicas": { value: { type: "number_input", value: "4" } },
          };
        }),
      ),
    );
    expect(await slack.ackFor("env-3b")).toEqual({ envelope_id: "env-3b" });
    const ran = await recorder.waitFor((r) => r.path === "/api/chat.postMessage");
    expect(ran.json).toMatchObject({
      text: "Deploying api",
      channel: JSON.parse(view.private_metadata).channel,
    });
  });

  it("acknowledges a command slower than 3 s within 3 s, and answers it at its response_url", async () => {
    const ws = slack.connections.at(-1)!;
    const sent = Date.now();
    ws.send(
      JSON.stringify(
        envelope("socket-mode-slash-commands.envelope.json", "env-slow", (p) => {
          p.text = "slow";
          p.response_url = `${recorder.url}/actions/slow`;
        }),
      ),
    );
    const ack = await slack.ackFor("env-slow");
    expect(Date.now() - sent).toBeLessThan(3000);
    expect(ack.payload.text).toContain("Still working on `slow`");
    const late = await recorder.waitFor((r) => r.path === "/actions/slow");
    expect(late.json.text).toBe("slow done");
  });

  it("acknowledges an app mention at once and answers it with chat.postMessage", async () => {
    const ws = slack.connections.at(-1)!;
    const mention = vendorJson("slack/events-app-mention-in-channel.json");
    mention.event.text = "<@U0LAN0Z89> hi";
    ws.send(
      JSON.stringify({
        envelope_id: "env-4",
        type: "events_api",
        accepts_response_payload: false,
        payload: mention,
      }),
    );
    expect(await slack.ackFor("env-4")).toEqual({ envelope_id: "env-4" });
    const posted = await recorder.waitFor((r) => r.path === "/api/chat.postMessage");
    expect(posted.json).toMatchObject({ text: "Meow!", channel: mention.event.channel });
  });

  it("runs a button press and answers on its response_url", async () => {
    const ws = slack.connections.at(-1)!;
    ws.send(
      JSON.stringify(
        envelope("socket-mode-interactive-block-actions.envelope.json", "env-5", (p) => {
          p.actions[0] = { ...p.actions[0], action_id: "catops.run", value: "hi" };
          p.response_url = `${recorder.url}/actions/socket`;
        }),
      ),
    );
    expect(await slack.ackFor("env-5")).toEqual({ envelope_id: "env-5" });
    const answered = await recorder.waitFor((r) => r.path === "/actions/socket");
    expect(answered.json.text).toBe("Meow!");
  });

  it("publishes the Home tab when it is opened", async () => {
    const ws = slack.connections.at(-1)!;
    ws.send(
      JSON.stringify(envelope("socket-mode-events-api-app-home-opened.envelope.json", "env-6")),
    );
    expect(await slack.ackFor("env-6")).toEqual({ envelope_id: "env-6" });
    const published = await recorder.waitFor((r) => r.path === "/api/views.publish");
    expect(published.json.user_id).toBe("U123ABC456");
    expect(published.json.view.type).toBe("home");
  });

  it("acknowledges a payload it cannot read, and keeps serving", async () => {
    const ws = slack.connections.at(-1)!;
    ws.send(
      JSON.stringify({ envelope_id: "env-7", type: "interactive", payload: "not an object" }),
    );
    expect(await slack.ackFor("env-7")).toEqual({ envelope_id: "env-7" });
  });

  it("reconnects when Slack asks to refresh, and serves on the new connection", async () => {
    const before = slack.connections.length;
    slack.connections
      .at(-1)!
      .send(vendorText("slack/socket-mode-disconnect-refresh-requested.json"));
    const next = await slack.nextConnection(before);
    await recorder.waitFor((r) => r.path === "/api/apps.connections.open");
    expect(
      recorder.requests.find((r) => r.path === "/api/apps.connections.open")?.headers.authorization,
    ).toBe(`Bearer ${APP_TOKEN}`);
    next.send(
      JSON.stringify(
        envelope("socket-mode-slash-commands.envelope.json", "env-8", (p) => {
          p.text = "hi";
        }),
      ),
    );
    expect((await slack.ackFor("env-8")).payload.text).toBe("Meow!");
  });

  it("reconnects after a dropped socket", async () => {
    const before = slack.connections.length;
    slack.connections.at(-1)!.terminate();
    const next = await slack.nextConnection(before);
    next.send(
      JSON.stringify(
        envelope("socket-mode-slash-commands.envelope.json", "env-9", (p) => {
          p.text = "hi";
        }),
      ),
    );
    expect((await slack.ackFor("env-9")).payload.text).toBe("Meow!");
  });
});

describe("Slack Socket Mode's reconnection", () => {
  it("waits twice as long after each failed apps.connections.open, then connects", async () => {
    const api = await startRecorder();
    const failed = { status: 200, body: JSON.stringify({ ok: false, error: "internal_error" }) };
    const answer = vendorJson("slack/socket-mode-apps-connections-open.response.json");
    api.respondWith("/api/apps.connections.open", failed, failed, failed, {
      status: 200,
      body: JSON.stringify({ ...answer, url: slack.url }),
    });
    const before = slack.connections.length;
    const client = startSocketMode({
      appToken: APP_TOKEN,
      bot: () => running.bot(),
      runtime: {},
      env: { CATOPS_SLACK_API_URL: `${api.url}/api` },
      minBackoffMs: 100,
      maxBackoffMs: 1000,
    });
    try {
      await client.ready();
      await slack.nextConnection(before);
      const opened = api.requests
        .filter((r) => r.path === "/api/apps.connections.open")
        .map((r) => r.at);
      expect(opened).toHaveLength(4);
      const waits = opened.slice(1).map((at, i) => at - opened[i]!);
      // 100, 200 and 400 ms (a timer may fire a millisecond early).
      expect(waits[0]).toBeGreaterThanOrEqual(99);
      expect(waits[1]).toBeGreaterThanOrEqual(199);
      expect(waits[2]).toBeGreaterThanOrEqual(399);
    } finally {
      await client.close();
      await api.close();
    }
  });
});
