import {
  command,
  type CommandEvent,
  type Connector,
  createCatOps,
  createLogger,
  type Reply,
} from "@catops/core";
import { describe, expect, it } from "vitest";
import { createAlerts } from "./create.js";
import type { AlertsOptions } from "./create.js";

const TOKEN = "alert-token-123456";
/** The commands the runbooks below name. */
const RUNBOOK_COMMANDS = [
  command({ args: { service: {} }, run: () => "restarted" }),
  command({ args: { service: {} }, flags: { to: { type: "number" } }, run: () => "scaled" }),
  command({ run: () => "paged" }),
].map((definition, i) => ({ ...definition, name: ["restart", "scale", "page-team"][i]! }));
const CHANNEL = "CALERTS";

interface Sent {
  event: CommandEvent;
  reply: Reply;
}

/** A connector that records what it is asked to send and answers like Slack: a thread id. */
function fakeConnector(options: { failures?: number; reported?: number } = {}) {
  const sent: Sent[] = [];
  let failures = options.failures ?? 0;
  let reported = options.reported ?? 0;
  const connector: Connector = {
    name: "fake",
    paths: ["/fake"],
    handle: async () => new Response(null, { status: 204 }),
    deliver: async (event, reply) => {
      if (failures-- > 0) throw new Error("chat is down");
      if (reported-- > 0) return { error: "chat.postMessage: channel_not_found" };
      sent.push({ event, reply });
      return { threadId: event.threadId ?? `ts-${sent.length}` };
    },
  };
  return { connector, sent };
}

function setup(
  options: AlertsOptions = {},
  connectorOptions: { failures?: number; reported?: number } = {},
) {
  const clock = { now: Date.parse("2026-03-25T12:00:00Z") };
  const logs: { level: string; msg: string; [key: string]: unknown }[] = [];
  const logger = createLogger({ level: "debug", write: (line) => logs.push(JSON.parse(line)) });
  const { connector, sent } = fakeConnector(connectorOptions);
  const alerts = createAlerts({
    channel: CHANNEL,
    token: TOKEN,
    now: () => clock.now,
    runbooks: [
      { name: "High CPU*", commands: ["restart api", "scale api --to 4"] },
      { source: "generic", severity: "critical", commands: ["page-team"] },
    ],
    ...options,
  });
  const bot = createCatOps({
    connectors: [connector],
    alerts,
    logger,
    now: () => clock.now,
    commands: RUNBOOK_COMMANDS,
  });
  const post = (
    source: string,
    body: unknown,
    init: { token?: string | null; headers?: Record<string, string> } = {},
  ) => {
    const token = init.token === undefined ? TOKEN : init.token;
    const url = `http://bot.test/alerts/${source}${token === null ? "" : `?token=${encodeURIComponent(token)}`}`;
    return bot.fetch(
      new Request(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...init.headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    );
  };
  return { bot, sent, logs, clock, post };
}

const firing = {
  name: "High CPU api",
  state: "firing",
  severity: "error",
  resource: "api-1",
  summary: "CPU 97%",
};
const resolved = { ...firing, state: "resolved", summary: "CPU 20%" };

describe("authentication", () => {
  it("refuses a webhook without the shared token, and accepts it in the query or a header", async () => {
    const { post, sent, logs } = setup();
    expect((await post("generic", firing, { token: null })).status).toBe(401);
    expect((await post("generic", firing, { token: "wrong-token-123456" })).status).toBe(401);
    expect(logs.some((l) => l.msg === "alert webhook refused: missing or wrong token")).toBe(true);
    expect(JSON.stringify(logs)).not.toContain(TOKEN);
    expect(sent).toHaveLength(0);

    const headers: Record<string, string>[] = [
      { authorization: `Bearer ${TOKEN}` },
      { "x-catops-token": TOKEN },
      { authorization: `Basic ${btoa(`catops:${TOKEN}`)}` },
    ];
    for (const [n, header] of headers.entries()) {
      const response = await post(
        "generic",
        { ...firing, name: `alert ${n}` },
        { token: null, headers: header },
      );
      expect(response.status).toBe(200);
    }
    expect((await post("generic", { ...firing, name: "q" })).status).toBe(200);
    expect(sent).toHaveLength(4);
  });

  it("refuses every webhook when no token is configured", async () => {
    const { post, logs } = setup({ token: undefined });
    expect((await post("generic", firing)).status).toBe(401);
    expect(
      logs.some((l) => l.level === "error" && /CATOPS_ALERT_TOKEN is not set/.test(l.msg)),
    ).toBe(true);
  });

  it("reads the token and channel from CATOPS_ALERT_TOKEN and CATOPS_ALERT_CHANNEL", async () => {
    const { connector, sent } = fakeConnector();
    const bot = createCatOps({
      connectors: [connector],
      alerts: createAlerts(),
      logger: createLogger({ write: () => {} }),
      env: { CATOPS_ALERT_TOKEN: TOKEN, CATOPS_ALERT_CHANNEL: "CENV" },
    });
    const response = await bot.fetch(
      new Request("http://bot.test/alerts/generic", {
        method: "POST",
        headers: { "x-catops-token": TOKEN },
        body: JSON.stringify(firing),
      }),
    );
    expect(response.status).toBe(200);
    expect(sent[0]!.event.channel).toEqual({ id: "CENV" });
  });
});

describe("requests", () => {
  it("answers 404 for an unknown source and 400 with a reason for a malformed alert, logged", async () => {
    const { post, logs, sent } = setup();
    const unknown = await post("nagios", firing);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error: 'unknown alert source "nagios"' });

    const malformed = await post("generic", { state: "firing" });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({
      ok: false,
      error: 'malformed generic alert: "name" (or "title") is required',
    });
    expect(logs).toContainEqual(
      expect.objectContaining({ msg: "malformed alert", source: "generic" }),
    );

    const notJson = await post("generic", "{nope");
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toMatch(/not valid JSON/);
    expect((await post("generic", "")).status).toBe(400);
    expect(sent).toHaveLength(0);
  });

  it("accepts form-encoded POST parameters (Uptime Robot)", async () => {
    const { post, sent } = setup();
    const response = await post(
      "uptimerobot",
      "monitorID=42&monitorURL=https%3A%2F%2Fshop.example.com&monitorFriendlyName=Shop&alertType=1&alertDetails=Connection+Timeout&alertFriendlyDuration=*alertFriendlyDuration*",
      { headers: { "content-type": "application/x-www-form-urlencoded" } },
    );
    expect(response.status).toBe(200);
    expect(sent[0]!.reply.attachments?.[0]).toMatchObject({
      title: "FIRING: Shop",
      level: "critical",
      text: "Connection Timeout",
    });
  });

  it("reads query-string parameters when the body is empty", async () => {
    const { bot, sent } = setup();
    const response = await bot.fetch(
      new Request(
        `http://bot.test/alerts/uptimerobot?token=${TOKEN}&monitorFriendlyName=Shop&alertType=2`,
        { method: "POST" },
      ),
    );
    expect(response.status).toBe(200);
    expect(sent[0]!.reply.attachments?.[0]?.level).toBe("success");
  });

  it("answers 502 when the connector reports it could not post", async () => {
    const { post, sent, logs } = setup({}, { reported: 1 });
    expect((await post("generic", firing)).status).toBe(502);
    expect(logs).toContainEqual(expect.objectContaining({ msg: "alert could not be posted" }));
    expect((await post("generic", firing)).status).toBe(200);
    expect(sent).toHaveLength(1);
  });

  it("answers 502 when the message cannot be posted, so the sender retries, and the retry posts", async () => {
    const { post, sent } = setup({}, { failures: 1 });
    const failed = await post("generic", firing);
    expect(failed.status).toBe(502);
    expect(await failed.json()).toEqual({
      ok: false,
      error: "alert received but could not be posted",
    });
    const retried = await post("generic", firing);
    expect(await retried.json()).toEqual({ ok: true, alerts: 1, posted: 1, duplicates: 0 });
    expect(sent).toHaveLength(1);
  });
});

describe("notifications", () => {
  it("posts a firing alert to the channel with its colour, facts, suggestions and whoever is on call", async () => {
    const { bot, post, sent } = setup();
    await bot.dispatch({
      command: [],
      text: "oncall rota set <@UONCALL> <@UNEXT>",
      channel: { id: CHANNEL },
    });
    const response = await post("generic", {
      ...firing,
      link: "https://grafana.example.com/d/cpu",
      time: "2026-03-25T11:58:00Z",
    });
    expect(await response.json()).toEqual({ ok: true, alerts: 1, posted: 1, duplicates: 0 });
    expect(sent).toHaveLength(1);
    const { event, reply } = sent[0]!;
    expect(event).toEqual({ command: [], source: "alert", channel: { id: CHANNEL } });
    expect(reply.text).toBe("<@UONCALL> 🟠 *High CPU api* is firing on api-1");
    expect(reply.visibility).toBe("in_channel");
    expect(reply.attachments).toEqual([
      {
        title: "FIRING: High CPU api",
        titleLink: "https://grafana.example.com/d/cpu",
        level: "error",
        text: "CPU 97%",
        fields: [
          { title: "Severity", value: "error", short: true },
          { title: "Where", value: "api-1", short: true },
          { title: "Since", value: "2026-03-25 11:58 UTC", short: true },
          { title: "Source", value: "generic", short: true },
        ],
        footer: "CatOps alert · generic",
      },
    ]);
    const id = reply.buttons?.[0]?.command?.split(" ")[2];
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(reply.buttons).toEqual([
      { text: "Acknowledge", command: `alert ack ${id}`, style: "primary" },
      { text: "Snooze 1h", command: `alert snooze ${id} 1h` },
      { text: "Snooze 4h", command: `alert snooze ${id} 4h` },
      { text: "Resolve", command: `alert resolve ${id}` },
      { text: "restart api", command: "restart api" },
      { text: "scale api --to 4", command: "scale api --to 4" },
    ]);
  });

  it("collapses a repeat within the window, and posts again after it", async () => {
    const { post, sent, clock, logs } = setup({ dedupeWindowSeconds: 600 });
    await post("generic", firing);
    clock.now += 300_000;
    expect(await (await post("generic", firing)).json()).toEqual({
      ok: true,
      alerts: 1,
      posted: 0,
      duplicates: 1,
    });
    // The window slides from the last repeat: still collapsed 9 minutes later.
    clock.now += 540_000;
    expect(await (await post("generic", firing)).json()).toMatchObject({ duplicates: 1 });
    expect(sent).toHaveLength(1);
    expect(logs).toContainEqual(
      expect.objectContaining({ msg: "alert collapsed into its earlier message", duplicates: 2 }),
    );
    clock.now += 601_000;
    await post("generic", firing);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.event.threadId).toBeUndefined();
  });

  it("collapses copies of one notification that arrive at the same time", async () => {
    const { post, sent } = setup();
    const answers = await Promise.all([
      post("generic", firing),
      post("generic", firing),
      post("generic", firing),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(sent).toHaveLength(1);
  });

  it("answers the firing message's thread when the alert resolves, with how long it lasted", async () => {
    const { post, sent, clock } = setup();
    await post("generic", firing);
    clock.now += 25 * 60_000;
    await post("generic", resolved);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.event.threadId).toBe("ts-1");
    expect(sent[1]!.reply.text).toBe("✅ *High CPU api* resolved after 25 min on api-1");
    expect(sent[1]!.reply.attachments?.[0]).toMatchObject({
      level: "success",
      title: "RESOLVED: High CPU api",
    });
    expect(sent[1]!.reply.buttons).toBeUndefined();
    // A repeated resolution is collapsed too.
    await post("generic", resolved);
    expect(sent).toHaveLength(2);
  });

  it("posts a flapping alert in its thread and again in the channel", async () => {
    const { post, sent, clock } = setup();
    await post("generic", firing);
    clock.now += 60_000;
    await post("generic", resolved);
    clock.now += 60_000;
    await post("generic", firing);
    expect(sent).toHaveLength(4);
    expect(sent[2]!.event.threadId).toBe("ts-1");
    expect(sent[2]!.reply.text).toContain("is firing again (flapping: 2 times)");
    expect(sent[3]!.event.threadId).toBeUndefined();
    expect(sent[3]!.reply.text).toContain("is firing again (flapping: 2 times)");
  });

  it("posts a resolution it never saw fire as a message of its own", async () => {
    const { post, sent } = setup();
    await post("generic", resolved);
    expect(sent[0]!.event.threadId).toBeUndefined();
    expect(sent[0]!.reply.attachments?.[0]?.level).toBe("success");
  });

  it("shows outside text without letting it ping anyone", async () => {
    const { post, sent } = setup();
    await post("generic", { name: "<!channel> wake up", summary: "ping <@U999> and <#C1>" });
    expect(sent[0]!.reply.text).toContain("‹!channel› wake up");
    expect(sent[0]!.reply.attachments?.[0]?.text).toBe("ping ‹@U999› and ‹#C1›");
  });
});

describe("help in a channel with a firing alert", () => {
  it("leads with the suggested commands until the alert resolves", async () => {
    const { bot, post, clock } = setup();
    const help = async () =>
      (await bot.dispatch({ command: ["help"], channel: { id: CHANNEL } }))?.text ?? "";
    expect(await help()).toMatch(/^Commands:/);
    await post("generic", firing);
    clock.now += 5 * 60_000;
    expect(await help()).toMatch(
      /^Firing in this channel:\n\*High CPU api\* \(error\) on api-1 has been firing for 5 min\. Suggested: `restart api`, `scale api --to 4`\n\nCommands:/,
    );
    expect((await bot.dispatch({ command: ["help"], channel: { id: "COTHER" } }))?.text).toMatch(
      /^Commands:/,
    );
    await post("generic", resolved);
    expect(await help()).toMatch(/^Commands:/);
  });
});

describe("native alerts", () => {
  it("parses and posts what an adapter hands over, and logs what it cannot read", async () => {
    const { bot, sent, logs } = setup();
    await bot.alert("generic", firing);
    expect(sent).toHaveLength(1);
    await bot.alert("cloudwatch-eventbridge", { "detail-type": "Something Else" });
    await bot.alert("nagios", {});
    expect(sent).toHaveLength(1);
    expect(logs).toContainEqual(
      expect.objectContaining({ msg: "malformed alert", source: "cloudwatch-eventbridge" }),
    );
    expect(logs).toContainEqual(
      expect.objectContaining({ msg: "unknown alert source", source: "nagios" }),
    );
  });

  it("throws when the message cannot be posted, so the platform retries", async () => {
    const { bot } = setup({}, { failures: 1 });
    await expect(bot.alert("generic", firing)).rejects.toThrow("chat is down");
  });
});

describe("SNS subscription handshake", () => {
  const confirmation = {
    Type: "SubscriptionConfirmation",
    MessageId: "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
    Token: "2336412f37",
    TopicArn: "arn:aws:sns:us-west-2:123456789012:MyTopic",
    Message:
      "You have chosen to subscribe to the topic arn:aws:sns:us-west-2:123456789012:MyTopic.",
    SubscribeURL:
      "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:MyTopic&Token=2336412f37",
  };

  it("logs the SubscribeURL and does not fetch it unless configured", async () => {
    const fetched: string[] = [];
    const { post, logs, sent } = setup({
      fetch: async (url) => {
        fetched.push(String(url));
        return new Response("ok");
      },
    });
    const response = await post("cloudwatch", confirmation, {
      headers: { "content-type": "text/plain; charset=UTF-8" },
    });
    expect(await response.json()).toEqual({ ok: true, subscription: "pending" });
    expect(fetched).toEqual([]);
    expect(sent).toEqual([]);
    expect(logs).toContainEqual(
      expect.objectContaining({ subscribeUrl: confirmation.SubscribeURL }),
    );
  });

  it("confirms by fetching the SubscribeURL when configured, only on an SNS host", async () => {
    const fetched: string[] = [];
    const fake = async (url: string | URL | Request) => {
      fetched.push(String(url));
      return new Response("<ConfirmSubscriptionResponse/>");
    };
    const { post } = setup({ confirmSubscriptions: true, fetch: fake as typeof fetch });
    expect(await (await post("cloudwatch", confirmation)).json()).toEqual({
      ok: true,
      subscription: "confirmed",
    });
    expect(fetched).toEqual([confirmation.SubscribeURL]);
    const forged = {
      ...confirmation,
      SubscribeURL: "https://sns.evil.example.com/?Action=ConfirmSubscription",
    };
    expect(await (await post("cloudwatch", forged)).json()).toEqual({
      ok: true,
      subscription: "pending",
    });
    expect(fetched).toHaveLength(1);
  });
});

describe("options", () => {
  it("adds the oncall command unless the rota is turned off", () => {
    const withRota = createCatOps({ alerts: createAlerts({ channel: CHANNEL }) });
    expect(withRota.commands.has("oncall")).toBe(true);
    const without = createCatOps({ alerts: createAlerts({ channel: CHANNEL, rota: false }) });
    expect(without.commands.has("oncall")).toBe(false);
  });

  it("fails loudly on a typo", () => {
    expect(() => createAlerts({ chanel: "C1" } as AlertsOptions)).toThrow(
      /unknown option "chanel"/,
    );
    expect(() => createAlerts({ runbooks: [{ name: "x", command: ["a"] } as never] })).toThrow(
      /unknown key "command"/,
    );
    expect(() => createAlerts({ runbooks: [{ name: "x", commands: [] }] })).toThrow(
      /non-empty list/,
    );
    expect(() => createAlerts({ dedupeWindowSeconds: 0 })).toThrow(/positive/);
  });
});
