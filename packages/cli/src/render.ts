// A reply as plain terminal text: the text, then attachments, blocks and buttons, readably.
import type { Attachment, Reply } from "@catops/core";

export function renderReply(reply: Reply): string {
  const parts: string[] = [];
  if (reply.text) parts.push(reply.text);
  for (const block of reply.blocks ?? []) {
    const text = blockText(block);
    if (text) parts.push(text);
  }
  for (const attachment of reply.attachments ?? []) parts.push(renderAttachment(attachment));
  if (reply.buttons && reply.buttons.length > 0) {
    parts.push(
      reply.buttons
        .map((button) => `[${button.text}]${button.command ? ` → ${button.command}` : ""}`)
        .join("  "),
    );
  }
  return parts.join("\n\n");
}

function renderAttachment(attachment: Attachment): string {
  const lines: string[] = [];
  if (attachment.pretext) lines.push(attachment.pretext);
  if (attachment.authorName) lines.push(attachment.authorName);
  const level = attachment.level ? `[${attachment.level}] ` : "";
  if (attachment.title || level) {
    lines.push(`${level}${attachment.title ?? ""}`.trimEnd());
    if (attachment.titleLink) lines.push(`  ${attachment.titleLink}`);
  }
  if (attachment.text) lines.push(indent(attachment.text));
  for (const field of attachment.fields ?? []) lines.push(`  ${field.title}: ${field.value}`);
  // Pictures cannot show in a terminal: their addresses can.
  for (const url of [attachment.imageUrl, attachment.thumbUrl]) if (url) lines.push(`  ${url}`);
  if (attachment.footer) lines.push(`  — ${attachment.footer}`);
  if (lines.length === 0 && attachment.fallback) lines.push(attachment.fallback);
  return lines.join("\n");
}

/** The visible text of a Block Kit block (section, header, context), when it has one. */
function blockText(block: unknown): string {
  if (typeof block !== "object" || block === null) return "";
  const { text, elements, fields } = block as {
    text?: { text?: string };
    elements?: { text?: string }[];
    fields?: { text?: string }[];
  };
  const pieces = [
    text?.text,
    ...(fields ?? []).map((field) => field.text),
    ...(elements ?? []).map((element) => element.text),
  ];
  return pieces.filter((piece): piece is string => typeof piece === "string").join("\n");
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
