// The chat table through Azure Functions: the conformance bot registered with registerCatOps,
// requests sent through the registered HTTP function as @azure/functions HttpRequests, state in
// Table Storage and deferred jobs on a Storage Queue, both in azurite; drain() delivers the
// queue to the registered queue function as the host would. A row of its own (not a second call
// in azure-functions.test.ts), because that row's checks read the logs of the last app it started.
import { createTableStore, registerCatOps } from "@catops/azure-functions";
import { silentLogger } from "@catops/core";
import { describe, expect, it } from "vitest";
import { drainQueue, invokeHttp, type QueueDelivery, recordingApp } from "../azure/host.ts";
import { startAzurite } from "../support/azurite.ts";
import { createConformanceBot } from "./bot.ts";
import { runChatConformance } from "./chat-scenarios.ts";

const deliveries: QueueDelivery[] = [];

runChatConformance({
  name: "azure-functions",
  async start(setup) {
    const azurite = await startAzurite();
    const app = recordingApp();
    const bot = createConformanceBot(setup.env, {
      store: createTableStore({ connectionString: azurite.connectionString, tableName: "chat" }),
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

describe("the azure-functions chat row's queue", () => {
  it("ran the deferred Mattermost and Discord commands through the Storage Queue, first time", () => {
    expect(deliveries).toHaveLength(2);
    expect(deliveries.every((d) => d.outcome === "completed" && d.dequeueCount === 1)).toBe(true);
  });
});
