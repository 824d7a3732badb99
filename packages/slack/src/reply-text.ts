// The text of a reply on the platforms that read Slack's formats without Block Kit (Mattermost,
// and Discord, Teams and Google Chat for plugins that return Block Kit).
import type { Reply } from "@catops/core";
import { blocksToText } from "./blocks-text.js";

/**
 * The main text on platforms without Block Kit. With blocks, Slack shows only the blocks: their
 * text is the message.
 */
export function replyText(reply: Reply): string {
  const fromBlocks = reply.blocks?.length ? blocksToText(reply.blocks) : "";
  return fromBlocks || reply.text || "";
}
