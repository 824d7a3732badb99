// The Azure Functions row: the conformance bot registered with registerCatOps, requests sent
// through the registered HTTP function as @azure/functions HttpRequests, state in Table Storage
// and deferred jobs on a Storage Queue, both in azurite. drain() delivers the queue's messages
// to the registered queue function, as the Functions host would.
import { silentLogger } from "@catops/core";
import { describe, expect, it } from "vitest";
import type { QueueDelivery, RecordingApp } from "../azure/host.ts";
import { createConformanceBot } from "@catops/conformance/bot";
import { azureDriver } from "./drivers/azure-functions.ts";
import { runConformance } from "@catops/conformance";

let recording: RecordingApp | undefined;
const secrets: string[] = [];
const deliveries: QueueDelivery[] = [];

runConformance(
  azureDriver({
    tableName: "conformance",
    bot(setup, store) {
      secrets.push(setup.env.SLACK_SIGNING_SECRET, setup.env.SLACK_BOT_TOKEN);
      return createConformanceBot(setup.env, { store, logger: silentLogger });
    },
    onApp(app) {
      recording = app;
    },
    onDelivery: (delivery) => void deliveries.push(delivery),
  }),
);

describe("the azure-functions row's queue and logs", () => {
  it("ran the deferred command through the Storage Queue function, first time", () => {
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => d.outcome === "completed" && d.dequeueCount === 1)).toBe(true);
  });

  it("went through the invocation contexts and never carried a secret", () => {
    const logs = recording?.logs ?? [];
    expect(logs.some((line) => line.functionName === "catops-http")).toBe(true);
    const text = logs.map((line) => line.text).join("\n");
    expect(text).toContain("request refused");
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
