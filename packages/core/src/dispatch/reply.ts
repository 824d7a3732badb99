import { isMessagePayload, payloadReply } from "./payload.js";
import type { Attachment, Logger, Reply } from "../types.js";

const REPLY_KEYS = new Set([
  "text",
  "blocks",
  "attachments",
  "buttons",
  "visibility",
  "error",
  "replaceOriginal",
  "raw",
  "markup",
]);
const MAX_JSON_REPLY = 3500;

/** Marks an object as a reply rather than data to be shown as JSON. */
export function reply(value: Reply): Reply {
  return value;
}

function isReplyShape(value: object): value is Reply {
  const keys = Object.keys(value);
  return (
    keys.length > 0 &&
    keys.every((key) => REPLY_KEYS.has(key)) &&
    (typeof (value as Reply).text === "string" ||
      Array.isArray((value as Reply).blocks) ||
      Array.isArray((value as Reply).attachments))
  );
}

/**
 * Turns whatever a plugin returned into a reply, as the original's convert_dispatch did:
 * a string is text, a reply object is itself, a message payload (`response_type`, snake_case
 * attachments) is that message, any other object or array is shown as JSON, nothing is no
 * message. `log` hears at debug which rule applied to an object.
 */
export function toReply(value: unknown, log?: Pick<Logger, "debug">): Reply | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string") return { text: value };
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return { text: String(value) };
  }
  if (typeof value === "object" && !Array.isArray(value)) {
    if (isMessagePayload(value)) {
      log?.debug("result read as a message payload", { keys: Object.keys(value) });
      return payloadReply(value, log);
    }
    if (isReplyShape(value)) {
      log?.debug("result read as a reply", { keys: Object.keys(value) });
      return value;
    }
  }
  log?.debug("result shown as JSON: neither a reply nor a message payload", {
    keys: typeof value === "object" && value !== null ? Object.keys(value).slice(0, 10) : [],
  });
  return { text: codeBlock(safeJson(value)) };
}

export function codeBlock(text: string): string {
  return "```\n" + text + "\n```";
}

/** JSON that never throws: cycles, BigInts and functions are shown, not fatal. */
export function safeJson(value: unknown): string {
  // The objects on the path from the root to the current value: only those make a cycle,
  // so an object referenced twice side by side is shown twice.
  const ancestors: object[] = [];
  let json: string;
  try {
    json =
      JSON.stringify(
        value,
        function replacer(this: unknown, _key, item: unknown) {
          if (typeof item === "bigint") return item.toString();
          if (typeof item === "function") return `[function ${item.name || "anonymous"}]`;
          if (item instanceof Error) return { error: item.message };
          if (typeof item === "object" && item !== null) {
            while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this)
              ancestors.pop();
            if (ancestors.includes(item)) return "[circular]";
            ancestors.push(item);
          }
          return item;
        },
        2,
      ) ?? String(value);
  } catch {
    json = String(value);
  }
  return json.length > MAX_JSON_REPLY ? `${json.slice(0, MAX_JSON_REPLY)}\n… (truncated)` : json;
}

/** The notification text of a reply with no text of its own: its first attachment's title or text. */
export function attachmentFallback(attachments: readonly Attachment[] | undefined): string {
  const first = attachments?.[0];
  return first?.fallback ?? first?.title ?? first?.text ?? "";
}
