// Deferred jobs go out as Storage Queue messages, base64-encoded JSON as the Functions queue
// trigger expects by default (host.json extensions.queues.messageEncoding "base64").
import type { QueueClient } from "@azure/storage-queue";
import { isJobEnvelope, type JobEnvelope } from "@catops/core";

/** A queue message may hold 64 KiB. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export function encodeJobMessage(envelope: JobEnvelope): string {
  const encoded = toBase64(JSON.stringify(envelope));
  if (encoded.length <= MAX_MESSAGE_BYTES) return encoded;
  // The platform's raw payload is only a convenience for plugins; the job runs without it.
  const slim = toBase64(
    JSON.stringify({ ...envelope, event: { ...envelope.event, raw: undefined } }),
  );
  if (slim.length <= MAX_MESSAGE_BYTES) return slim;
  throw new Error(`job ${envelope.id} is too large for a queue message (${slim.length} bytes)`);
}

/**
 * What the queue trigger hands the function: the Functions host decodes the base64 and the
 * Node worker parses JSON, so it is usually an object, but a string or bytes also arrive.
 */
export function decodeJobMessage(message: unknown): JobEnvelope | undefined {
  let value = message;
  if (value instanceof Uint8Array) value = new TextDecoder().decode(value);
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return isJobEnvelope(value) ? value : undefined;
}

export interface JobQueue {
  send(envelope: JobEnvelope): Promise<void>;
}

/**
 * Sends jobs to one queue. The client is made on first use, once per instance, so requests
 * that defer nothing never load the queue SDK.
 */
export function createJobQueue(getClient: () => QueueClient | Promise<QueueClient>): JobQueue {
  let ready: Promise<QueueClient> | undefined;
  const client = () => {
    ready ??= (async () => {
      const queue = await getClient();
      await queue.createIfNotExists();
      return queue;
    })().catch((error) => {
      ready = undefined; // a failed start is tried again by the next job
      throw error;
    });
    return ready;
  };
  return {
    async send(envelope) {
      await (await client()).sendMessage(encodeJobMessage(envelope));
    },
  };
}

/** A QueueClient from the app setting that holds the storage connection string. */
export async function queueClientFromSetting(
  env: Record<string, string | undefined>,
  setting: string,
  queueName: string,
): Promise<QueueClient> {
  const connectionString = env[setting];
  if (!connectionString)
    throw new Error(
      `the app setting ${setting} is empty; it must hold the storage account connection string for the ${queueName} queue`,
    );
  const { QueueClient } = await import("@azure/storage-queue");
  return new QueueClient(connectionString, queueName);
}

function toBase64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}
