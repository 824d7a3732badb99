// Deferral through Pub/Sub: the HTTP function publishes the job envelope to a topic; the
// CloudEvent function subscribed to it runs the job. The client is created once per instance,
// on first use, so cold starts that defer nothing never load the SDK.
import type { JobEnvelope } from "@catops/core";
import type { PubSubClient } from "./types.js";

export interface PublisherOptions {
  /** The topic's name ('catops-jobs') or full path ('projects/p/topics/catops-jobs'). */
  topic: string;
  /** A client, or a factory for one; `new PubSub()` from `@google-cloud/pubsub` when absent. */
  pubsub?: PubSubClient | (() => PubSubClient | Promise<PubSubClient>);
}

export type Publish = (job: JobEnvelope) => Promise<void>;

/** Returns a `defer` port that publishes each job to the topic. */
export function createJobPublisher(options: PublisherOptions): Publish {
  let topic: Promise<ReturnType<PubSubClient["topic"]>> | undefined;
  const openTopic = async () => {
    const client = await resolveClient(options.pubsub);
    // One message per publish: a deferred command is published while Slack waits for the answer.
    return client.topic(options.topic, { batching: { maxMessages: 1 } });
  };

  return async function publishJob(job: JobEnvelope): Promise<void> {
    topic ??= openTopic();
    try {
      await (await topic).publishMessage({
        data: new TextEncoder().encode(JSON.stringify(job)),
        attributes: { kind: job.kind, jobId: job.id, connector: job.connector },
      });
    } catch (error) {
      // A failed client creation is not kept: the next job tries again.
      topic = undefined;
      throw new Error(
        `could not publish job ${job.id} to Pub/Sub topic "${options.topic}": ${
          error instanceof Error ? error.message : String(error)
        }`,
        { cause: error },
      );
    }
  };
}

async function resolveClient(pubsub: PublisherOptions["pubsub"]): Promise<PubSubClient> {
  if (typeof pubsub === "function") return pubsub();
  if (pubsub) return pubsub;
  const { PubSub } = await import("@google-cloud/pubsub");
  return new PubSub() as unknown as PubSubClient;
}
