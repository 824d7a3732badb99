import type { JobEnvelope } from "@catops/core";
import { describe, expect, it } from "vitest";
import { jobFromCloudEvent, MESSAGE_PUBLISHED } from "./message.js";
import type { CloudEvent } from "./types.js";

const job: JobEnvelope = {
  kind: "catops.job",
  id: "job1",
  connector: "slack",
  event: { command: ["deploy", "api"] },
  enqueuedAt: 1,
};
const base64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");
const event = (data: unknown, type = MESSAGE_PUBLISHED): CloudEvent => ({
  id: "e1",
  source: "//pubsub.googleapis.com/projects/p/topics/catops-jobs",
  type,
  specversion: "1.0",
  data,
});

describe("jobFromCloudEvent", () => {
  it("reads the job from data.message.data, parsed or not", () => {
    const data = { message: { data: base64(job), messageId: "1" }, subscription: "s" };
    for (const form of [data, JSON.stringify(data), new TextEncoder().encode(JSON.stringify(data))])
      expect(jobFromCloudEvent(event(form))).toEqual({ ok: true, job });
  });

  it.each([
    ["another event type", event({}, "google.cloud.storage.object.v1.finalized"), /is not google/],
    ["no message data", event({ message: {} }), /has no data/],
    ["data that is not JSON", event({ message: { data: "bm90IGpzb24=" } }), /not base64 JSON/],
    [
      "JSON that is not a job",
      event({ message: { data: base64({ kind: "x" }) } }),
      /not a CatOps job/,
    ],
    [
      "a job without an event",
      event({ message: { data: base64({ ...job, event: null }) } }),
      /not a CatOps job/,
    ],
    ["unparseable event data", event("{"), /has no data/],
  ])("refuses %s", (_name, cloudEvent, reason) => {
    const decoded = jobFromCloudEvent(cloudEvent);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.reason).toMatch(reason);
  });
});
