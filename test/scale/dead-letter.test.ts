// A job the queue cannot run, whatever replica tries it, is tried a bounded number of times and
// then dead-lettered into the core's job lifecycle: its record ends `failed` with the reason, and
// its channel is told.
import { jobsOf } from "@catops/core/testing";
import { type JobRecord, silentLogger } from "@catops/core";
import { createNodeBot, type RunningServer, serve, sharedBackendsOf } from "@catops/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Recorder, startRecorder } from "../../packages/conformance/src/recorder.ts";
import { dropSchema, findOrStartPostgres, type Service, uniqueName } from "../support/databases.ts";

const schema = uniqueName("deadletter");
let server: Service;
let running: RunningServer;
let recorder: Recorder;

beforeAll(async () => {
  server = await findOrStartPostgres();
  recorder = await startRecorder();
  const bot = await createNodeBot({
    logger: silentLogger,
    playground: false,
    env: {
      SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5",
      SLACK_BOT_TOKEN: "xoxb-dead-letter",
      CATOPS_SLACK_API_URL: `${recorder.url}/api`,
      CATOPS_DATABASE_URL: server.url,
      CATOPS_DATABASE_SCHEMA: schema,
      CATOPS_QUEUE_RETRIES: "1",
      CATOPS_QUEUE_RETRY_DELAY_SECONDS: "0",
      CATOPS_QUEUE_POLL_SECONDS: "0.5",
    },
  });
  running = await serve(bot, { port: 0, hostname: "127.0.0.1", env: {} });
}, 120_000);

afterAll(async () => {
  if (!server) return; // none was found: beforeAll said why
  await running?.close({ graceMs: 100 });
  await recorder?.close();
  await dropSchema(server.url, schema);
  await dropSchema(server.url, `${schema}_queue`);
  await server.stop();
});

describe("dead-lettering", () => {
  it("ends a job that fails every delivery as failed, after the retries, and tells its channel", async () => {
    const bot = running.bot();
    // A Slack job whose queue message names a connector no replica has, so every run throws.
    await jobsOf(bot).create({
      id: "dl1",
      command: "deploy api",
      connector: "slack",
      channel: { id: "CDEAD001" },
      responseUrl: `${recorder.url}/r/dl1`,
    });
    await sharedBackendsOf(bot)!.queue!.send({
      kind: "catops.job",
      id: "dl1",
      connector: "gone",
      event: { command: ["deploy", "api"] },
      enqueuedAt: Date.now(),
    });
    let job: JobRecord | undefined;
    for (let i = 0; i < 300 && job?.state !== "failed"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = await jobsOf(bot).get("dl1");
    }
    expect(job).toMatchObject({ state: "failed", result: "it failed every time it was tried" });
    const told = await recorder.waitFor((r) => r.path === "/r/dl1", 5_000);
    expect(told.json).toMatchObject({ response_type: "in_channel" });
    expect(String(told.json.text)).toContain(
      "`deploy api` could not run (job `dl1`): it failed every time it was tried.",
    );
  }, 30_000);
});
