// Slack's mrkdwn as Markdown, for a message payload written for Slack and shown on Mattermost or
// Discord: links stay links, and nothing pings anyone, as nothing but Slack's own `<@U…>`
// and `<!here>` syntax would have on Slack.
import { type Attachment, type Reply, ZERO_WIDTH_SPACE } from "@catops/core";
import { replyText } from "./reply-text.js";

const ANGLED = /<([^<>\s|]+)(?:\|([^<>]*))?>/g;
const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&" };

/** One mrkdwn text as Markdown without mentions: links as `[label](url)`, names as plain words. */
export function mrkdwnToMarkdown(text: string): string {
  const angled = text.replace(ANGLED, (whole, target: string, label: string | undefined) => {
    if (/^(?:https?:\/\/|mailto:)/.test(target)) return label ? `[${label}](${target})` : target;
    if (target.startsWith("@")) return `@${label ?? target.slice(1)}`;
    if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
    if (target.startsWith("!")) return label ?? `@${target.slice(1).split("^")[0]}`;
    return whole;
  });
  // What was escaped was typed: decoded, it must not become a mention Mattermost translates.
  const decoded = angled
    .replace(/&(?:lt|gt|amp);/g, (entity) => ENTITIES[entity]!)
    .replace(/<([!@#])/g, `<${ZERO_WIDTH_SPACE}$1`);
  // On Slack a bare `@name` is a word; on Markdown platforms it would ping.
  return decoded.replace(/(^|[\s([<])@(?=\w)/g, `$1@${ZERO_WIDTH_SPACE}`);
}

/** A reply written in mrkdwn (a returned Slack message payload), translated for Markdown. */
export function mrkdwnReply(reply: Reply): Reply {
  // Blocks become their text here, so the text platforms show is translated too.
  const { blocks: _blocks, ...translated }: Reply = { ...reply };
  const text = replyText(reply);
  if (reply.text !== undefined || text !== "") translated.text = mrkdwnToMarkdown(text);
  if (reply.attachments) translated.attachments = reply.attachments.map(mrkdwnAttachment);
  return translated;
}

function mrkdwnAttachment(attachment: Attachment): Attachment {
  const translated: Attachment = { ...attachment };
  for (const key of ["text", "title", "pretext", "footer", "authorName", "fallback"] as const) {
    const value = attachment[key];
    if (value !== undefined) translated[key] = mrkdwnToMarkdown(value);
  }
  if (attachment.fields)
    translated.fields = attachment.fields.map((field) => ({
      ...field,
      title: mrkdwnToMarkdown(field.title),
      value: mrkdwnToMarkdown(field.value),
    }));
  return translated;
}
