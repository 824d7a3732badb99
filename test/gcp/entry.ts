// The function source the GCP tests serve: a bot with the Slack connector, a deferred command
// and an alert handler that echoes what reached it, registered with the Functions Framework.
// Built by esbuild and loaded by the framework in a child process; configured by its env.
import { command, createCatOps, json } from "@catops/core";
import { createCloudLogger, registerCatOps } from "@catops/gcp-functions";
import { createSlackConnector } from "@catops/slack";
import * as functions from "@google-cloud/functions-framework";
import { capturingPubSub } from "./capture.ts";

const env = process.env;
const fixedNow = Number(env.CATOPS_TEST_NOW);

const logger = createCloudLogger();
const bot = createCatOps({
  env,
  logger,
  connectors: [createSlackConnector()],
  ...(fixedNow ? { now: () => fixedNow } : {}),
  plugins: [
    {
      file: "gcp.ts",
      exports: {
        echo: command({
          description: "Repeat the text",
          args: { text: { required: true, rest: true } },
          run: ({ args }) => String(args.text),
        }),
        later: command({
          description: "Answer from the job function",
          args: { what: { required: true } },
          defer: true,
          run: ({ args, jobId }) => `Later done: ${args.what} (job ${jobId})`,
        }),
      },
    },
  ],
  alerts: {
    // Alert parsing is the alert package's; here the raw notification is echoed back.
    async handle(source, request) {
      const body = (await request.json()) as { incident?: { incident_id?: string } };
      return json({ source, incidentId: body.incident?.incident_id ?? null });
    },
    async receive() {},
  },
});

registerCatOps(functions, bot, {
  httpName: "catops",
  eventName: "catops-jobs",
  topic: "catops-jobs",
  pubsub: capturingPubSub(env.CATOPS_PUBSUB_CAPTURE_URL ?? ""),
  logger,
});
