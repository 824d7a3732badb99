// Reads the job envelope out of a Pub/Sub messagePublished CloudEvent.
import { isJobEnvelope, type JobEnvelope } from "@catops/core";
import type { CloudEvent, MessagePublishedData } from "./types.js";

export const MESSAGE_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";

export type Decoded = { ok: true; job: JobEnvelope } | { ok: false; reason: string };

/** The JSON in `data.message.data` (base64), or why there is none. */
export function messageFromCloudEvent(
  event: CloudEvent<unknown>,
): { ok: true; message: unknown } | { ok: false; reason: string } {
  if (event.type !== MESSAGE_PUBLISHED)
    return { ok: false, reason: `CloudEvent type "${event.type}" is not ${MESSAGE_PUBLISHED}` };
  const data = eventData(event.data);
  const encoded = data?.message?.data;
  if (typeof encoded !== "string" || encoded === "")
    return { ok: false, reason: "the Pub/Sub message has no data" };
  try {
    return { ok: true, message: JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) };
  } catch {
    return { ok: false, reason: "the Pub/Sub message data is not base64 JSON" };
  }
}

/** The job in `data.message.data` (base64 JSON), or why there is none. */
export function jobFromCloudEvent(event: CloudEvent<unknown>): Decoded {
  const decoded = messageFromCloudEvent(event);
  if (!decoded.ok) return decoded;
  const job = decoded.message;
  if (
    !isJobEnvelope(job) ||
    typeof job.connector !== "string" ||
    typeof job.event !== "object" ||
    job.event === null
  )
    return { ok: false, reason: "the Pub/Sub message is not a CatOps job" };
  return { ok: true, job };
}

/** `data` arrives parsed (JSON content type) or, with other content types, as text or bytes. */
function eventData(data: unknown): MessagePublishedData | undefined {
  if (typeof data === "object" && data !== null && !(data instanceof Uint8Array))
    return data as MessagePublishedData;
  const text =
    typeof data === "string"
      ? data
      : data instanceof Uint8Array
        ? Buffer.from(data).toString()
        : "";
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null
      ? (parsed as MessagePublishedData)
      : undefined;
  } catch {
    return undefined;
  }
}
