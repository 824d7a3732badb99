// Alerts end to end: vendor payloads in at /alerts/<source>, Slack messages out (to the local
// recorder standing in for Slack's Web API), and button presses that run the suggested commands
// as the person who pressed them.
import { createHmac } from "node:crypto";
import { createAlerts } from "@catops/alerts";
import { type AuditRecord, command, createCatOps, silentLogger } from "@catops/core";
import { createSlackConnector, LEVEL_COLORS } from "@catops/slack";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type Recorder,
  type RecordedRequest,
  startRecorder,
} from "../../packages/conformance/src/recorder.ts";
import { vendorJson } from "../fixtures/vendor.mjs";

const SIGNING_SECRET = "e2e-signing-secret-0123456789";
const ALERT_TOKEN = "e2e-alert-token-0123456789";
const CHANNEL = "CALERTS";
const ONCALL = "UOPS";
const OTHER = "UGUEST";

let recorder: Recorder;
let ran: { what: string; user?: string }[];
let audit: AuditRecord[];
let pending: Promise<unknown>[];
let bot: ReturnType<typeof createCatOps>;

const ops = {
  restart: command({
    description: "Restart a service",
    args: { service: { required: true } },
    allow: { groups: ["oncall"] },
    run: ({ args, user }) => {
      ran.push({ what: `restart ${args.service}`, user: user?.id });
      return `Restarted ${args.service}.`;
    },
  }),
  failover: command({
    description: "Fail a database over to its replica",
    args: { db: { required: true } },
    allow: { groups: ["oncall"] },
    confirm: true,
    run: ({ args, user }) => {
      ran.push({ what: `failover ${args.db}`, user: user?.id });
      return `Failed ${args.db} over.`;
    },
  }),
  rollback: command({
    description: "Roll a service back",
    args: { service: { required: true } },
    run: ({ args }) => `Rolled ${args.service} back.`,
  }),
  migrate: command({
    description: "Run database migrations",
    nextStep: "rollback api",
    run: () => {
      throw new Error("migration 42 is locked");
    },
  }),
};

beforeAll(async () => {
  recorder = await startRecorder();
});
afterAll(async () => {
  await recorder.close();
});

beforeEach(() => {
  recorder.clear();
  ran = [];
  audit = [];
  pending = [];
  bot = createCatOps({
    connectors: [createSlackConnector()],
    alerts: createAlerts({
      runbooks: [
        { source: "cloudwatch", commands: ["restart api"] },
        { source: "uptimerobot", severity: "critical", commands: ["restart api", "failover db"] },
        { name: /cpu/i, commands: ["restart api"] },
        { source: "gcp-monitoring", severity: ["warning", "error"], commands: ["restart api"] },
      ],
    }),
    plugins: [{ file: "ops.ts", exports: ops }],
    groups: { oncall: [ONCALL] },
    logger: silentLogger,
    onAudit: (record) => {
      audit.push(record);
    },
    env: {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: "xoxb-e2e-bot-token",
      CATOPS_SLACK_API_URL: `${recorder.url}/api`,
      CATOPS_ALERT_TOKEN: ALERT_TOKEN,
      CATOPS_ALERT_CHANNEL: CHANNEL,
    },
  });
});

const runtime = () => ({ waitUntil: (promise: Promise<unknown>) => void pending.push(promise) });

/** Waits for the work a connector left running after its answer. */
async function settle() {
  while (pending.length > 0) await Promise.all(pending.splice(0));
}

function postAlert(source: string, body: string, contentType = "application/json") {
  return bot.fetch(
    new Request(`http://bot.test/alerts/${source}`, {
      method: "POST",
      headers: { "content-type": contentType, authorization: `Bearer ${ALERT_TOKEN}` },
      body,
    }),
    runtime(),
  );
}

/** A request signed as Slack signs them. */
function slackRequest(body: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return bot.fetch(
    new Request("http://bot.test/slack/events", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": timestamp,
        "x-slack-signature": signature,
      },
      body,
    }),
    runtime(),
  );
}

/** Slack's documented block_actions payload, as if `user` pressed a CatOps button on `message`. */
function press(
  user: string,
  actionId: string,
  value: string,
  responsePath: string,
  message: RecordedRequest,
) {
  const payload = vendorJson("slack/interactivity-block-actions-message.payload.json");
  payload.user = { id: user, username: user.toLowerCase(), team_id: payload.team.id };
  payload.channel = { id: CHANNEL, name: "alerts" };
  payload.container = { ...payload.container, type: "message", channel_id: CHANNEL };
  payload.message = {
    ...payload.message,
    ts: message.json.ts ?? "1700000000.000100",
    blocks: message.json.blocks,
  };
  payload.response_url = `${recorder.url}${responsePath}`;
  payload.actions = [
    {
      ...payload.actions[0],
      action_id: actionId,
      value,
      text: { type: "plain_text", text: value },
    },
  ];
  return slackRequest(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
}

const posts = () => recorder.requests.filter((r) => r.path === "/api/chat.postMessage");
/** The runbook's buttons: what follows the card's Acknowledge, Snooze and Resolve. */
const buttons = (message: RecordedRequest) =>
  (message.json.blocks ?? [])
    .filter((b: { type: string }) => b.type === "actions")
    .flatMap((b: { elements: { action_id: string; value: string }[] }) => b.elements)
    .filter((button: { value: string }) => !button.value.startsWith("alert "));

interface Case {
  source: string;
  file: string;
  body?: (payload: any) => string;
  contentType?: string;
  name: string;
  level: keyof typeof LEVEL_COLORS;
  suggested: string[];
}

const cases: Case[] = [
  {
    source: "cloudwatch",
    file: "aws/sns-cloudwatch-alarm-single-metric.aws-lambda-go.json",
    // An HTTP subscription is POSTed the SNS message itself, as text/plain.
    body: (p) => JSON.stringify(p.Records[0].Sns),
    contentType: "text/plain; charset=UTF-8",
    name: "EXAMPLE",
    level: "error",
    suggested: ["restart api"],
  },
  {
    source: "cloudwatch",
    file: "aws/sns-cloudwatch-alarm-multiple-metrics.aws-lambda-go.json",
    body: (p) => JSON.stringify(p.Records[0].Sns),
    contentType: "text/plain; charset=UTF-8",
    name: "EXAMPLE",
    level: "error",
    suggested: ["restart api"],
  },
  ...["single-metric", "metric-math", "composite"].map((kind) => ({
    source: "cloudwatch",
    file: `aws/eventbridge-cloudwatch-alarm-state-change-${kind}.awsdocs.json`,
    name:
      kind === "composite"
        ? "ServiceAggregatedAlarm"
        : kind === "single-metric"
          ? "ServerCpuTooHigh"
          : "TotalNetworkTrafficTooHigh",
    level: "error" as const,
    suggested: ["restart api"],
  })),
  {
    source: "uptimerobot",
    file: "monitoring/uptimerobot-monitor-down.zulip-fixture.json",
    name: "ZUTesting",
    level: "critical",
    suggested: ["restart api", "failover db"],
  },
  {
    source: "uptimerobot",
    file: "monitoring/uptimerobot-monitor-up.zulip-fixture.json",
    name: "ZUTesting",
    level: "success",
    suggested: [],
  },
  {
    source: "uptimerobot",
    file: "monitoring/uptimerobot-monitor-down.zulip-fixture-snake_case.json",
    // Uptime Robot's "send as POST parameters" mode.
    body: (p) => new URLSearchParams(p).toString(),
    contentType: "application/x-www-form-urlencoded",
    name: "Web Server",
    level: "critical",
    suggested: ["restart api", "failover db"],
  },
  {
    source: "uptimerobot",
    file: "monitoring/uptimerobot-monitor-up.zulip-fixture-snake_case.json",
    name: "Mail Server",
    level: "success",
    suggested: [],
  },
  {
    source: "azure-monitor",
    file: "monitoring/azure-monitor-common-alert-schema.metric-alert.json",
    name: "WCUS-R2-Gen2",
    level: "success",
    suggested: [],
  },
  {
    source: "gcp-monitoring",
    file: "monitoring/gcp-monitoring-webhook-v1.2.docs-schema-example.json",
    name: "Monitor-Project-Cluster",
    level: "success",
    suggested: [],
  },
  {
    source: "gcp-monitoring",
    file: "monitoring/gcp-monitoring-notification-v1.2.googlecloudplatform-example_message.json",
    body: (p) => JSON.stringify({ ...p, incident: { ...p.incident, state: "open" } }),
    name: "wdzc Alert Policy",
    level: "warning",
    suggested: ["restart api"],
  },
];

describe("vendor payloads reach the channel", () => {
  it.each(cases)("$source: $file", async (c) => {
    const payload = vendorJson(c.file);
    const response = await postAlert(
      c.source,
      c.body ? c.body(payload) : JSON.stringify(payload),
      c.contentType,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, alerts: 1, posted: 1, duplicates: 0 });
    const [message, ...more] = posts();
    expect(more).toEqual([]);
    expect(message!.headers.authorization).toBe("Bearer xoxb-e2e-bot-token");
    expect(message!.json.channel).toBe(CHANNEL);
    expect(message!.json.thread_ts).toBeUndefined();
    const [attachment] = message!.json.attachments;
    expect(attachment.color).toBe(LEVEL_COLORS[c.level]);
    expect(attachment.title).toBe(`${c.level === "success" ? "RESOLVED" : "FIRING"}: ${c.name}`);
    expect(buttons(message!).map((b: { value: string }) => b.value)).toEqual(c.suggested);
    for (const button of buttons(message!))
      expect(button.action_id).toMatch(/^catops\.run(#\d+)?$/);
  });

  it("mentions whoever is on call", async () => {
    // A first shift already begun at whatever hour the test runs: `--from monday` (at 09:00) is
    // still ahead on a Monday morning in Berlin, when nobody is on call yet.
    const form = new URLSearchParams({
      command: "/catops",
      text: `oncall rota set <@${ONCALL}|ops> <@${OTHER}> --every week --from today --at 00:00 --tz Europe/Berlin`,
      user_id: ONCALL,
      channel_id: CHANNEL,
      team_id: "T1",
      response_url: `${recorder.url}/response/rota`,
    });
    const set = await slackRequest(form.toString());
    expect((await set.json()).text).toMatch(/^Rota set: <@UOPS> → <@UGUEST>/);
    await postAlert(
      "uptimerobot",
      JSON.stringify(vendorJson("monitoring/uptimerobot-monitor-down.zulip-fixture.json")),
    );
    expect(posts()[0]!.json.text).toMatch(/^<@UOPS> 🔴 \*ZUTesting\* is firing/);
  });
});

describe("native alerts from adapters", () => {
  it("posts what bot.alert receives from SNS and EventBridge", async () => {
    await bot.alert(
      "cloudwatch-sns",
      vendorJson("aws/sns-cloudwatch-alarm-single-metric.aws-lambda-go.json"),
    );
    await bot.alert(
      "cloudwatch-eventbridge",
      vendorJson("aws/eventbridge-cloudwatch-alarm-state-change-single-metric.awsdocs.json"),
    );
    const titles = posts().map((p) => p.json.attachments[0].title);
    expect(titles).toEqual(["FIRING: EXAMPLE", "FIRING: ServerCpuTooHigh"]);
    expect(posts().every((p) => p.json.channel === CHANNEL)).toBe(true);
  });
});

describe("an alert's life in one thread", () => {
  it("collapses repeats, and edits the firing message in place when it resolves", async () => {
    recorder.respondWith(
      "/api/chat.postMessage",
      {
        status: 200,
        body: JSON.stringify({ ok: true, channel: CHANNEL, ts: "1774440000.000100" }),
      },
      {
        status: 200,
        body: JSON.stringify({ ok: true, channel: CHANNEL, ts: "1774440300.000200" }),
      },
    );
    const down = JSON.stringify(
      vendorJson("monitoring/uptimerobot-monitor-down.zulip-fixture.json"),
    );
    await postAlert("uptimerobot", down);
    const repeat = await postAlert("uptimerobot", down);
    expect(await repeat.json()).toEqual({ ok: true, alerts: 1, posted: 0, duplicates: 1 });
    await postAlert(
      "uptimerobot",
      JSON.stringify(vendorJson("monitoring/uptimerobot-monitor-up.zulip-fixture.json")),
    );
    const [firing, ...more] = posts();
    expect(more).toEqual([]);
    expect(firing!.json.thread_ts).toBeUndefined();
    const [resolved, ...edits] = recorder.requests.filter((r) => r.path === "/api/chat.update");
    expect(edits).toEqual([]);
    expect(resolved!.json).toMatchObject({ channel: CHANNEL, ts: "1774440000.000100" });
    expect(resolved!.json.attachments[0].color).toBe(LEVEL_COLORS.success);
    expect(resolved!.json.blocks ?? []).not.toContainEqual(
      expect.objectContaining({ type: "actions" }),
    );
  });
});

describe("when Slack refuses the message", () => {
  it("answers 502 so the sender retries, and the retry posts", async () => {
    recorder.respondWith("/api/chat.postMessage", {
      status: 200,
      body: JSON.stringify({ ok: false, error: "channel_not_found" }),
    });
    const body = JSON.stringify(
      vendorJson("monitoring/uptimerobot-monitor-down.zulip-fixture.json"),
    );
    expect((await postAlert("uptimerobot", body)).status).toBe(502);
    expect(await (await postAlert("uptimerobot", body)).json()).toMatchObject({ posted: 1 });
    expect(posts()).toHaveLength(2);
  });
});

describe("pressing a suggested command", () => {
  async function alertMessage() {
    await postAlert(
      "uptimerobot",
      JSON.stringify(vendorJson("monitoring/uptimerobot-monitor-down.zulip-fixture.json")),
    );
    return posts()[0]!;
  }

  it("runs it as the presser, with their permissions, and audits it", async () => {
    const message = await alertMessage();
    const [restart] = buttons(message);
    const ack = await press(ONCALL, restart.action_id, restart.value, "/response/ok", message);
    expect(ack.status).toBe(200);
    await settle();
    expect(ran).toEqual([{ what: "restart api", user: ONCALL }]);
    const answer = await recorder.waitFor((r) => r.path === "/response/ok", 2000);
    expect(answer.json.text).toBe("Restarted api.");
    expect(audit).toContainEqual(
      expect.objectContaining({
        outcome: "succeeded",
        command: "restart api",
        user: expect.objectContaining({ id: ONCALL }),
      }),
    );
  });

  it("refuses a presser the command does not allow", async () => {
    const message = await alertMessage();
    const [restart] = buttons(message);
    await press(OTHER, restart.action_id, restart.value, "/response/denied", message);
    await settle();
    expect(ran).toEqual([]);
    const answer = await recorder.waitFor((r) => r.path === "/response/denied", 2000);
    expect(answer.json.text).toMatch(
      /You are not allowed to run `restart`: it is for members of oncall\./,
    );
    expect(audit).toContainEqual(
      expect.objectContaining({
        outcome: "denied",
        command: "restart",
        user: expect.objectContaining({ id: OTHER }),
      }),
    );
  });

  it("asks the presser to confirm a command that asks for it, as if typed", async () => {
    const message = await alertMessage();
    const failover = buttons(message).find((b: { value: string }) => b.value === "failover db");
    await press(ONCALL, failover.action_id, failover.value, "/response/ask", message);
    await settle();
    expect(ran).toEqual([]);
    const question = await recorder.waitFor((r) => r.path === "/response/ask", 2000);
    expect(question.json.text).toBe("Run `failover db`?");
    const confirm = buttons(question).find((b: { action_id: string }) =>
      b.action_id.startsWith("catops.confirm"),
    );
    await press(ONCALL, confirm.action_id, confirm.value, "/response/confirmed", question);
    await settle();
    expect(ran).toEqual([{ what: "failover db", user: ONCALL }]);
    expect(audit.map((a) => a.outcome)).toEqual(
      expect.arrayContaining(["confirmation_requested", "succeeded"]),
    );
  });
});

describe("help and failures point at the next step", () => {
  const slash = (text: string) =>
    slackRequest(
      new URLSearchParams({
        command: "/catops",
        text,
        user_id: ONCALL,
        channel_id: CHANNEL,
        team_id: "T1",
        response_url: `${recorder.url}/response/slash`,
      }).toString(),
    );

  it("leads help with the suggested commands while an alert fires in the channel", async () => {
    expect((await (await slash("help")).json()).text).toMatch(/^Commands:/);
    await postAlert(
      "uptimerobot",
      JSON.stringify(vendorJson("monitoring/uptimerobot-monitor-down.zulip-fixture.json")),
    );
    expect((await (await slash("help")).json()).text).toMatch(
      /^Firing in this channel:\n\*ZUTesting\* \(critical\) on http:\/\/7d398dfc\.ngrok\.io has been firing for .+\. Suggested: `restart api`, `failover db`\n\nCommands:/,
    );
  });

  it("suggests the next step a failed command's plugin names, as a button", async () => {
    const reply = await (await slash("migrate")).json();
    expect(reply.text).toContain("`migrate` failed: migration 42 is locked");
    expect(reply.text).toContain("Next step: `rollback api`");
    expect(reply.blocks.flatMap((b: { elements?: unknown[] }) => b.elements ?? [])).toContainEqual(
      expect.objectContaining({ action_id: "catops.run", value: "rollback api" }),
    );
  });
});
