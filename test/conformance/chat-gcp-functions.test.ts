// The chat table through Google Cloud Functions, served by the real Functions Framework
// (drivers/gcp-functions.ts). A row of its own (not a second call in gcp-functions.test.ts),
// because that row's log checks read the logs of the last instance it stopped.
import { describe, expect, it } from "vitest";
import type { CloudEventMode } from "../gcp/framework.ts";
import { runChatConformance } from "@catops/conformance";
import { gcpDriver } from "./drivers/gcp-functions.ts";

const deliveries: { mode: CloudEventMode; status: number }[] = [];
let logs: string[] = [];
let token = "";

const driver = gcpDriver({
  onDelivery: (delivery) => void deliveries.push(delivery),
  onStop(lines) {
    logs = lines;
  },
});
runChatConformance({
  ...driver,
  start(setup) {
    token = setup.env.CATOPS_MATTERMOST_TOKEN!;
    return driver.start(setup);
  },
});

describe("the gcp-functions chat row's Pub/Sub deliveries and logs", () => {
  it("ran the deferred Mattermost, Discord, Teams and Google Chat commands through the CloudEvent function", () => {
    // slow (Mattermost, Discord, Teams, Google Chat), twice each (once with its reply lost), and long
    // (Teams, Google Chat, cancelled).
    expect(deliveries).toHaveLength(10);
    for (const delivery of deliveries) expect(delivery.status).toBe(204);
  });

  it("logged the refusals, and never the Mattermost token", () => {
    const text = logs.join("\n");
    expect(text).toContain("Mattermost request refused");
    expect(text).toContain("Discord request refused");
    expect(text).toContain("Teams request refused");
    expect(text).toContain("Google Chat request refused");
    expect(text).not.toContain(token);
  });
});
