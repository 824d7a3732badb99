// The chat table through Azure Functions: the conformance bot registered with registerCatOps,
// state in Table Storage and deferred jobs on a Storage Queue, both in azurite. A row of its own
// (not a second call in azure-functions.test.ts), because that row's checks read the logs of the
// last app it started.
import { silentLogger } from "@catops/core";
import { describe, expect, it } from "vitest";
import type { QueueDelivery } from "../azure/host.ts";
import { createConformanceBot } from "@catops/conformance/bot";
import { runChatConformance } from "@catops/conformance";
import { azureDriver } from "./drivers/azure-functions.ts";

const deliveries: QueueDelivery[] = [];

runChatConformance(
  azureDriver({
    tableName: "chat",
    bot: (setup, store) => createConformanceBot(setup.env, { store, logger: silentLogger }),
    onDelivery: (delivery) => void deliveries.push(delivery),
  }),
);

describe("the azure-functions chat row's queue", () => {
  it("ran the deferred Mattermost, Discord, Teams and Google Chat commands through the Storage Queue, first time", () => {
    // slow (Mattermost, Discord, Teams, Google Chat), twice each (once with its reply lost), and long
    // (Teams, Google Chat, cancelled).
    expect(deliveries).toHaveLength(10);
    expect(deliveries.every((d) => d.outcome === "completed" && d.dequeueCount === 1)).toBe(true);
  });
});
