// The text of a reply as every connector shows it: Block Kit's text when there are blocks, an
// error marked once, and an attachment's title when there is nothing else.
import { blocksToText } from "./blocks-text.js";
import type { Attachment, Reply } from "./types.js";

/** Slack's warning emoji, which Slack and Mattermost show as ⚠️. */
export const ERROR_MARK = ":warning: ";

/** Marks an error reply's text with `mark`, once: text already marked (either way) is kept. */
export function markError(text: string, error: boolean | undefined, mark = ERROR_MARK): string {
  if (!error || text === "" || text.startsWith(mark) || text.startsWith(ERROR_MARK.trim()))
    return text;
  return mark + text;
}

/** The notification text of a reply with no text of its own: its first attachment's title or text. */
export function attachmentFallback(attachments: readonly Attachment[] | undefined): string {
  const first = attachments?.[0];
  return first?.title ?? first?.text ?? "";
}

/**
 * The main text on platforms without Block Kit. With blocks, Slack shows only the blocks: their
 * text is the message.
 */
export function replyText(reply: Reply): string {
  const fromBlocks = reply.blocks?.length ? blocksToText(reply.blocks) : "";
  return fromBlocks || reply.text || "";
}
