// The GCP row: the conformance bot served by the real Functions Framework (the HTTP function and
// the Pub/Sub CloudEvent function in two child processes), state in a Firestore protocol server,
// Pub/Sub publishes captured and delivered by drain() as Eventarc would (drivers/gcp-functions.ts).
import { describe, expect, it } from "vitest";
import type { CloudEventMode } from "../gcp/framework.ts";
import { gcpDriver } from "./drivers/gcp-functions.ts";
import { runConformance } from "@catops/conformance";

const deliveries: { mode: CloudEventMode; status: number }[] = [];
let logs: string[] = [];
let secrets: string[] = [];

const driver = gcpDriver({
  onDelivery: (delivery) => void deliveries.push(delivery),
  onStop(lines) {
    logs = lines;
  },
});
runConformance({
  ...driver,
  start(setup) {
    secrets = [setup.env.SLACK_SIGNING_SECRET, setup.env.SLACK_BOT_TOKEN];
    return driver.start(setup);
  },
});

describe("the gcp-functions row's Pub/Sub deliveries and logs", () => {
  it("ran every deferred job through the CloudEvent function, in both content modes", () => {
    expect(deliveries.length).toBeGreaterThan(1);
    expect(new Set(deliveries.map((delivery) => delivery.mode))).toEqual(
      new Set(["binary", "structured"]),
    );
    for (const delivery of deliveries) expect(delivery.status).toBe(204);
  });

  it("logged JSON lines with a severity, and never a secret", () => {
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs)
      expect(["DEBUG", "INFO", "WARNING", "ERROR"]).toContain(JSON.parse(line).severity);
    for (const secret of secrets) expect(logs.join("\n")).not.toContain(secret);
  });
});
