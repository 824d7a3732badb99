import type { JobEnvelope } from "@catops/core";
import { describe, expect, it } from "vitest";
import { createJobPublisher } from "./defer.js";
import type { PubSubClient } from "./types.js";

const job = (id: string): JobEnvelope => ({
  kind: "catops.job",
  id,
  connector: "slack",
  event: { command: ["deploy"] },
  enqueuedAt: 5,
});

function fakePubSub(fail = false) {
  const published: { topic: string; data: unknown; attributes?: Record<string, string> }[] = [];
  const topics: { name: string; options: unknown }[] = [];
  let created = 0;
  const client: PubSubClient = {
    topic(name, options) {
      topics.push({ name, options });
      return {
        async publishMessage({ data, attributes }) {
          if (fail) throw new Error("PERMISSION_DENIED");
          published.push({
            topic: name,
            data: JSON.parse(new TextDecoder().decode(data)),
            attributes,
          });
          return String(published.length);
        },
      };
    },
  };
  return {
    published,
    topics,
    factory: () => {
      created++;
      return client;
    },
    created: () => created,
  };
}

describe("createJobPublisher", () => {
  it("creates the client and topic once, and publishes each job as JSON with attributes", async () => {
    const pubsub = fakePubSub();
    const publish = createJobPublisher({ topic: "catops-jobs", pubsub: pubsub.factory });
    expect(pubsub.created()).toBe(0);
    await Promise.all([publish(job("a")), publish(job("b"))]);
    await publish(job("c"));
    expect(pubsub.created()).toBe(1);
    expect(pubsub.topics).toEqual([
      { name: "catops-jobs", options: { batching: { maxMessages: 1 } } },
    ]);
    expect(pubsub.published.map((message) => message.data)).toEqual([job("a"), job("b"), job("c")]);
    expect(pubsub.published[0]!.attributes).toEqual({
      kind: "catops.job",
      jobId: "a",
      connector: "slack",
    });
  });

  it("names the job and topic when publishing fails, and tries a new client next time", async () => {
    const pubsub = fakePubSub(true);
    const publish = createJobPublisher({ topic: "catops-jobs", pubsub: pubsub.factory });
    await expect(publish(job("x"))).rejects.toThrow(
      'could not publish job x to Pub/Sub topic "catops-jobs": PERMISSION_DENIED',
    );
    await expect(publish(job("y"))).rejects.toThrow(/job y/);
    expect(pubsub.created()).toBe(2);
  });
});
