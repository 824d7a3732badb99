// A returned message payload in the attachment-message format the original CatOps plugins wrote
// (Slack's: `response_type`, snake_case attachments, its Lambda `statusCode`/`headers`), turned
// into a reply that keeps every field. The core only reads the shape; connectors render it.
import type { Attachment, Logger, Reply } from "../types.js";

const PAYLOAD_KEYS = new Set([
  "text",
  "blocks",
  "attachments",
  "response_type",
  "replace_original",
  "thread_ts",
  "statusCode",
  "headers",
]);
/** Keys only a payload has, never a reply: one of them decides for the payload reading. */
const PAYLOAD_ONLY = ["response_type", "replace_original", "thread_ts", "statusCode", "headers"];

const ATTACHMENT_FIELDS: Record<string, keyof Attachment> = {
  fallback: "fallback",
  color: "color",
  pretext: "pretext",
  author_name: "authorName",
  author_link: "authorLink",
  author_icon: "authorIcon",
  title: "title",
  title_link: "titleLink",
  text: "text",
  image_url: "imageUrl",
  thumb_url: "thumbUrl",
  footer: "footer",
  footer_icon: "footerIcon",
  ts: "ts",
};
const SNAKE_ONLY = Object.keys(ATTACHMENT_FIELDS).filter((key) => key.includes("_"));

type Payload = Record<string, unknown>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Whether a returned object is a message payload: only payload keys, a text, blocks or
 * attachments, and something that says it is not a CatOps reply (`response_type`, a Lambda
 * `statusCode`, a snake_case attachment field such as `image_url`).
 */
export function isMessagePayload(value: object): value is Payload {
  const record = value as Payload;
  const keys = Object.keys(record);
  if (keys.length === 0 || !keys.every((key) => PAYLOAD_KEYS.has(key))) return false;
  const hasContent =
    typeof record.text === "string" ||
    Array.isArray(record.blocks) ||
    Array.isArray(record.attachments);
  if (!hasContent) return false;
  if (PAYLOAD_ONLY.some((key) => key in record)) return true;
  const attachments = Array.isArray(record.attachments) ? record.attachments : [];
  return attachments.some((item) => isRecord(item) && SNAKE_ONLY.some((key) => key in item));
}

/**
 * The payload as a reply: `raw` in `mrkdwn`, since the plugin wrote it in that markup. Without a
 * `response_type` it is ephemeral, as a slash command's answer without one is.
 */
export function payloadReply(payload: Payload, log?: Pick<Logger, "debug">): Reply {
  const reply: Reply = {
    raw: true,
    markup: "mrkdwn",
    visibility: payload.response_type === "in_channel" ? "in_channel" : "ephemeral",
  };
  if (typeof payload.text === "string") reply.text = payload.text;
  if (Array.isArray(payload.blocks)) reply.blocks = payload.blocks;
  if (Array.isArray(payload.attachments))
    reply.attachments = payload.attachments.filter(isRecord).map((a) => toAttachment(a, log));
  if (payload.replace_original === true) reply.replaceOriginal = true;
  const ignored = ["statusCode", "headers", "thread_ts"].filter((key) => key in payload);
  if (ignored.length > 0)
    log?.debug("message payload: fields the reply does not use were ignored", { ignored });
  return reply;
}

function toAttachment(given: Record<string, unknown>, log?: Pick<Logger, "debug">): Attachment {
  const attachment: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(given)) {
    // A helper's unset parameters (Python's None) are no field at all.
    if (value === undefined || value === null) continue;
    const name = ATTACHMENT_FIELDS[key];
    if (name && (typeof value === "string" || (key === "ts" && typeof value === "number")))
      attachment[name] = value;
    else if (key === "mrkdwn_in" && Array.isArray(value))
      attachment.mrkdwnIn = value.filter((item) => typeof item === "string");
    else if (key === "fields" && Array.isArray(value))
      attachment.fields = value.filter(isRecord).map(toField);
    else dropped.push(key);
  }
  if (dropped.length > 0)
    log?.debug("message payload: attachment fields left out", { fields: dropped });
  return attachment as Attachment;
}

function toField(field: Record<string, unknown>) {
  return {
    title: String(field.title ?? ""),
    value: String(field.value ?? ""),
    ...(typeof field.short === "boolean" ? { short: field.short } : {}),
  };
}
