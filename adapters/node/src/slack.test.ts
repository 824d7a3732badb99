// A real Slack endpoint on the Node server: a 10 s deferred command is acknowledged at once and
// its result reaches the response_url (the local recorder standing in for Slack).
import { jobsOf } from "@catops/core/testing";
import { command, silentLogger } from "@catops/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Recorder, startRecorder } from "../../../packages/conformance/src/recorder.ts";
import { slackHeaders, slashCommandBody } from "../test/slack.ts";
import { createNodeBot } from "./node-bot.js";
import { type RunningServer, serve } from "./handler.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
let recorder: Recorder;
let server: RunningServer;

beforeAll(async () => {
  recorder = await startRecorder();
  const bot = await createNodeBot({
    plugins: [
      {
        file: "slow.ts",
        exports: {
          rebuild: command({
            defer: true,
            run: async () => {
              await new Promise((resolve) => setTimeout(resolve, 10_000));
              return "Rebuilt after 10 s.";
            },
          }),
        },
      },
    ],
    store: "memory",
    logger: silentLogger,
    env: {
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: "xoxb-node-test",
      CATOPS_SLACK_API_URL: `${recorder.url}/api`,
    },
  });
  server = await serve(bot, { port: 0, env: {} });
});

afterAll(async () => {
  await server.close({ graceMs: 1000 });
  await recorder.close();
});

it("acknowledges a 10 s deferred command in well under 1 s and posts its result later", async () => {
  const body = slashCommandBody({
    text: "rebuild",
    response_url: `${recorder.url}/commands/rebuild`,
  });
  const sent = Date.now();
  const response = await fetch(`${server.url}/slack/events`, {
    method: "POST",
    headers: slackHeaders(SECRET, body),
    body,
  });
  const acknowledgedMs = Date.now() - sent;
  expect(response.status).toBe(200);
  expect(JSON.stringify(await response.json())).toContain("Running `rebuild`");
  expect(acknowledgedMs).toBeLessThan(500);

  const late = await recorder.waitFor((r) => r.path === "/commands/rebuild", 15_000);
  expect(late.at - sent).toBeGreaterThanOrEqual(10_000);
  expect(JSON.stringify(late.json)).toContain("Rebuilt after 10 s.");
  const [job] = await jobsOf(server.bot()).recent(1);
  expect(job).toMatchObject({ command: "rebuild", state: "succeeded" });

  const forged = await fetch(`${server.url}/slack/events`, {
    method: "POST",
    headers: slackHeaders("not-the-secret", body),
    body,
  });
  expect(forged.status).toBe(401);
}, 20_000);
