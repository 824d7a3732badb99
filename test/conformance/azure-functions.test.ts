// The Azure Functions row: the conformance bot registered with registerCatOps, requests sent
// through the registered HTTP function as @azure/functions HttpRequests, state in Table Storage
// and deferred jobs on a Storage Queue, both in azurite. drain() delivers the queue's messages
// to the registered queue function, as the Functions host would.
import { createTableStore, registerCatOps } from "@catops/azure-functions";
import { silentLogger } from "@catops/core";
import { describe, expect, it } from "vitest";
import {
  drainQueue,
  invokeHttp,
  type QueueDelivery,
  type RecordingApp,
  recordingApp,
} from "../azure/host.ts";
import { startAzurite } from "../support/azurite.ts";
import { createConformanceBot } from "./bot.ts";
import { runConformance } from "./harness.ts";

let recording: RecordingApp | undefined;
const secrets: string[] = [];
const deliveries: QueueDelivery[] = [];

runConformance({
  name: "azure-functions",
  async start(setup) {
    const azurite = await startAzurite();
    secrets.push(setup.env.SLACK_SIGNING_SECRET, setup.env.SLACK_BOT_TOKEN);
    const app = recordingApp();
    recording = app;
    const bot = createConformanceBot(setup.env, {
      store: createTableStore({
        connectionString: azurite.connectionString,
        tableName: "conformance",
      }),
      logger: silentLogger,
    });
    registerCatOps(app.app, bot, {
      env: { ...setup.env, AzureWebJobsStorage: azurite.connectionString },
    });
    return {
      send: (request) => invokeHttp(app, request),
      drain: async () => {
        deliveries.push(...(await drainQueue(app, azurite.connectionString)));
      },
      stop: () => azurite.stop(),
    };
  },
});

describe("the azure-functions row's queue and logs", () => {
  it("ran the deferred command through the Storage Queue function, first time", () => {
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => d.outcome === "completed" && d.dequeueCount === 1)).toBe(true);
  });

  it("went through the invocation contexts and never carried a secret", () => {
    const logs = recording?.logs ?? [];
    expect(logs.some((line) => line.functionName === "catops-http")).toBe(true);
    const text = logs.map((line) => line.text).join("\n");
    expect(text).toContain("Slack request rejected");
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
