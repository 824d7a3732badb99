// How Slack writes mentions and escapes text. Slack escapes `&`, `<` and `>` in what users type
// and reads `<…>` as a mention, a channel, a special (`<!channel>`) or a link in what apps send.
import type { ChatDialect } from "@catops/core";

const MENTION = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/i;

/** Slack's mrkdwn escaping: the three characters that make `<…>` markup. */
export function escapeSlackText(text: string): string {
  if (!/[&<>]/.test(text)) return text;
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export const slackDialect: ChatDialect = {
  mention: (user) => `<@${user.id}>`,
  channel: (channel) => `<#${channel.id}>`,
  parseMention: (token) => MENTION.exec(token)?.[1]?.toUpperCase(),
  escape: escapeSlackText,
  // A response_url takes five messages: two progress edits leave room for the result.
  progressEdits: 2,
  // Slack signs the whole request, channel_name included.
  signsChannelNames: true,
  // chat.postMessage to a user id posts in the bot's direct message with them.
  directMessage: (userId) => userId,
};
