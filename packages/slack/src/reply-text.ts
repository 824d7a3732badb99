// The text of a reply on Slack and the platforms that read Slack's formats (Mattermost, and
// Discord for plugins that return Block Kit): Block Kit's text when there are blocks, and an
// error marked once.
import type { Reply } from "@catops/core";
import { blocksToText } from "./blocks-text.js";

/** Slack's warning emoji, which Slack and Mattermost show as ⚠️. */
export const ERROR_MARK = ":warning: ";

/** Marks an error reply's text with `mark`, once: text already marked (either way) is kept. */
export function markError(text: string, error: boolean | undefined, mark = ERROR_MARK): string {
  if (!error || text === "" || text.startsWith(mark) || text.startsWith(ERROR_MARK.trim()))
    return text;
  return mark + text;
}

/**
 * The main text on platforms without Block Kit. With blocks, Slack shows only the blocks: their
 * text is the message.
 */
export function replyText(reply: Reply): string {
  const fromBlocks = reply.blocks?.length ? blocksToText(reply.blocks) : "";
  return fromBlocks || reply.text || "";
}
