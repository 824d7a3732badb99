// Small ways to keep text from being read as markup, shared by the Markdown platforms.
import type { Attachment, Reply } from "../types.js";

/** Invisible, and enough to keep a word from being read as markup. */
export const ZERO_WIDTH_SPACE = "\u200B";

/** `[label](url)` shows the label and hides where it goes: break it so the text reads as typed. */
export function breakMarkdownLinks(text: string): string {
  return text.includes("](") ? text.replace(/\]\(/g, `]${ZERO_WIDTH_SPACE}(`) : text;
}

/**
 * The reply as a connector sends it: its text and attachments escaped with the platform's
 * `escapeText`, unless the reply says it is already written in the platform's markup (`raw`).
 * Blocks are the plugin's own platform payload and pass as they are.
 */
export function inertReply(reply: Reply, escapeText: (text: string) => string): Reply {
  if (reply.raw) return reply;
  const safe: Reply = { ...reply };
  if (reply.text !== undefined) safe.text = escapeText(reply.text);
  if (reply.attachments)
    safe.attachments = reply.attachments.map((a) => inertAttachment(a, escapeText));
  return safe;
}

function inertAttachment(attachment: Attachment, escapeText: (text: string) => string): Attachment {
  const safe: Attachment = { ...attachment };
  if (attachment.text !== undefined) safe.text = escapeText(attachment.text);
  if (attachment.title !== undefined) safe.title = escapeText(attachment.title);
  for (const key of ["footer", "pretext", "authorName", "fallback"] as const) {
    const value = attachment[key];
    if (value !== undefined) safe[key] = escapeText(value);
  }
  if (attachment.fields)
    safe.fields = attachment.fields.map((field) => ({
      ...field,
      title: escapeText(field.title),
      value: escapeText(field.value),
    }));
  return safe;
}
