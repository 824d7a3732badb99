// Secrets never leave: a run of good and bad requests through the Node adapter over real HTTP,
// with plugins that try to echo the environment, log it, put it in progress notes and errors,
// users who type a secret into a command, and alert webhooks with right and wrong tokens. Every
// log line, audit record, job record, outgoing request and response body is then searched for
// the signing secret, the bot token and the alert token.
import { jobsOf } from "@catops/core/testing";
import { createAlerts } from "@catops/alerts";
import type { AuditRecord, Command, JobRecord } from "@catops/core";
import { type RunningServer, serve } from "@catops/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Recorder, startRecorder } from "../../packages/conformance/src/recorder.ts";
import { createReliabilityBot } from "./support/bot.ts";
import { captureLogger } from "./support/harness.ts";
import { BOT_TOKEN, SIGNING_SECRET, sign, slackHeaders, slashBody } from "./support/slack.ts";

const ALERT_TOKEN = "alert-token-93c1d0b7e5a24f68";
const SECRETS = { SIGNING_SECRET, BOT_TOKEN, ALERT_TOKEN };

const deep = (levels: number, leaf: unknown): unknown =>
  levels === 0 ? leaf : { next: deep(levels - 1, leaf) };

const LEAKY: Command[] = [
  {
    name: "leak-env",
    run: (ctx) =>
      `signing ${ctx.env.SLACK_SIGNING_SECRET}, bot ${ctx.env.SLACK_BOT_TOKEN}, alerts ${ctx.env.CATOPS_ALERT_TOKEN}`,
  },
  { name: "leak-object", run: (ctx) => ({ env: ctx.env, copy: { ...ctx.env } }) },
  {
    name: "leak-error",
    run: (ctx) => {
      throw new Error(
        `auth failed with ${ctx.env.SLACK_BOT_TOKEN} and ${ctx.env.CATOPS_ALERT_TOKEN}`,
      );
    },
  },
  {
    name: "leak-log",
    run: (ctx) => {
      ctx.log.info(`the token is ${ctx.env.SLACK_BOT_TOKEN}`, {
        plain: ctx.env.SLACK_SIGNING_SECRET,
        deep: deep(10, ctx.env.CATOPS_ALERT_TOKEN),
        error: new Error(`boom ${ctx.env.SLACK_BOT_TOKEN}`),
      });
      return "logged";
    },
  },
  {
    name: "leak-job",
    defer: true,
    run: async (ctx) => {
      await ctx.progress(`using ${ctx.env.SLACK_BOT_TOKEN}`);
      return `done with ${ctx.env.SLACK_SIGNING_SECRET}`;
    },
  },
  {
    name: "leak-blocks",
    run: (ctx) => ({
      text: "see blocks",
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: `${ctx.env.CATOPS_ALERT_TOKEN}` } },
      ],
    }),
  },
];

let recorder: Recorder;
let server: RunningServer;
const { logger, lines } = captureLogger();
const audits: AuditRecord[] = [];
const responses: { what: string; status: number; body: string }[] = [];
let jobs: JobRecord[] = [];

async function send(what: string, path: string, init: RequestInit) {
  const response = await fetch(`${server.url}${path}`, init);
  const body = await response.text();
  responses.push({ what, status: response.status, body });
  return { status: response.status, body };
}

function slash(text: string) {
  const body = slashBody({
    text,
    response_url: `${recorder.url}/respond/${encodeURIComponent(text.split(" ")[0]!)}`,
  });
  return send(`/catops ${text}`, "/slack/events", {
    method: "POST",
    headers: slackHeaders(body),
    body,
  });
}

beforeAll(async () => {
  recorder = await startRecorder();
  const env = {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    CATOPS_ALERT_TOKEN: ALERT_TOKEN,
    CATOPS_ALERT_CHANNEL: "C0ALERTS",
    CATOPS_AUDIT_CHANNEL: "C0AUDIT",
    CATOPS_SLACK_API_URL: `${recorder.url}/api`,
    CATOPS_SPY_URL: recorder.url,
  };
  const bot = createReliabilityBot(env, {
    logger,
    commands: LEAKY,
    alerts: createAlerts(),
    onAudit: (record) => void audits.push(record),
  });
  server = await serve(bot, { port: 0, hostname: "127.0.0.1", env: {} });

  // Good requests, and plugins trying to leak.
  for (const text of [
    "hi",
    "leak-env",
    "leak-object",
    "leak-error",
    "leak-log",
    "leak-job",
    "leak-blocks",
  ])
    await slash(text);
  // Users typing secrets into commands, known and unknown.
  await slash(`deploy api --token ${SIGNING_SECRET}`);
  await slash(`deploy ${BOT_TOKEN}`);
  await slash(`${BOT_TOKEN} now`);
  await slash(`help ${ALERT_TOKEN}`);
  await slash(`deploy api --env ${ALERT_TOKEN}`);
  // Forged requests that carry the secrets themselves.
  const body = slashBody({ text: "hi" });
  await send("signature is the secret", "/slack/events", {
    method: "POST",
    headers: { ...slackHeaders(body), "x-slack-signature": SIGNING_SECRET },
    body,
  });
  await send("signature made with the bot token", "/slack/events", {
    method: "POST",
    headers: {
      ...slackHeaders(body),
      "x-slack-signature": sign(BOT_TOKEN, Math.floor(Date.now() / 1000), body),
    },
    body: `${body}&token=${BOT_TOKEN}`,
  });
  // Alert webhooks: the token in the query, a header, basic auth; wrong and malformed ones.
  const alert = JSON.stringify({ title: "CPU high", severity: "critical", message: "api at 97%" });
  await send("alert, token in query", `/alerts/generic?token=${ALERT_TOKEN}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: alert,
  });
  await send("alert, token in header", "/alerts/generic", {
    method: "POST",
    headers: { "content-type": "application/json", "x-catops-token": ALERT_TOKEN },
    body: alert,
  });
  await send("alert, basic auth", "/alerts/generic", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Basic ${btoa(`catops:${ALERT_TOKEN}`)}`,
    },
    body: alert,
  });
  await send("alert, wrong token", `/alerts/generic?token=${ALERT_TOKEN}x`, {
    method: "POST",
    body: alert,
  });
  await send("alert, malformed body", `/alerts/generic?token=${ALERT_TOKEN}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: `{"token":"${ALERT_TOKEN}"`,
  });
  await send("alert, unknown source", `/alerts/nope?token=${ALERT_TOKEN}`, {
    method: "POST",
    body: alert,
  });
  await server.runtime.settle(10_000);
  await slash("jobs");
  await server.runtime.settle(10_000);
  jobs = await jobsOf(bot).recent(50);
}, 60_000);

afterAll(async () => {
  await server?.close({ graceMs: 1000 });
  await recorder?.close();
});

function expectClean(what: string, text: string) {
  for (const [name, value] of Object.entries(SECRETS))
    expect(
      text.includes(value),
      `${name} found in ${what}: ${text.slice(Math.max(0, text.indexOf(value) - 120), text.indexOf(value) + 60)}`,
    ).toBe(false);
}

describe("secrets in a run of mixed requests", () => {
  it("the run did what it should (so the search below means something)", () => {
    expect(responses.length).toBeGreaterThanOrEqual(20);
    expect(lines.some((line) => line.msg === "command failed")).toBe(true);
    expect(lines.some((line) => line.msg === "Slack request refused")).toBe(true);
    expect(lines.some((line) => line.msg === "alert webhook refused: missing or wrong token")).toBe(
      true,
    );
    expect(audits.length).toBeGreaterThanOrEqual(8);
    expect(jobs.some((job) => job.command === "leak-job" && job.state === "succeeded")).toBe(true);
    expect(recorder.requests.some((r) => r.json?.channel === "C0ALERTS")).toBe(true);
    expect(recorder.requests.some((r) => r.json?.channel === "C0AUDIT")).toBe(true);
    expect(responses.find((r) => r.what === "/catops leak-env")?.body).toContain("[redacted]");
  });

  it("no log line holds one", () => {
    expect(lines.length).toBeGreaterThan(15);
    expectClean("the logs", JSON.stringify(lines));
  });

  it("no response body holds one", () => {
    for (const response of responses) expectClean(response.what, response.body);
  });

  it("no audit record holds one", () => {
    expectClean("the audit records", JSON.stringify(audits));
  });

  it("no job record holds one", () => {
    expectClean("the job records", JSON.stringify(jobs));
  });

  it("no outgoing request holds one, but the bot token's own Authorization header", () => {
    // /spy/ is the test plugins reporting what they were given: a `--token` flag's value
    // reaches its plugin by design, and is masked everywhere the bot itself writes it.
    const deploySpy = recorder.requests.find((r) => r.path === "/spy/deploy" && r.json.flags.token);
    expect(deploySpy?.json.flags.token).toBe(SIGNING_SECRET);
    for (const request of recorder.requests.filter((r) => !r.path.startsWith("/spy/"))) {
      const { authorization, ...headers } = request.headers;
      expectClean(
        `${request.method} ${request.path}`,
        `${request.path}\n${JSON.stringify(headers)}\n${request.body}`,
      );
      if (request.path.startsWith("/api/")) expect(authorization).toBe(`Bearer ${BOT_TOKEN}`);
      else expectClean(`${request.path} authorization`, String(authorization ?? ""));
    }
  });
});
