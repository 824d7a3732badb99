// How Mattermost writes mentions and neutralises text: mentions are by username, ids are 26
// lower-case characters, and `@channel`, `@all` and `@here` ping everyone in a channel.
import {
  breakMarkdownLinks,
  type ChatDialect,
  directChannel,
  ZERO_WIDTH_SPACE,
} from "@catops/core";

const ID_MENTION = /^@?([a-z0-9]{26})$/;
const CHANNEL_WIDE = /@(channel|all|here)\b/gi;

export function escapeMattermostText(text: string): string {
  if (!text.includes("@") && !text.includes("](")) return text;
  return breakMarkdownLinks(text).replace(CHANNEL_WIDE, `@${ZERO_WIDTH_SPACE}$1`);
}

export const mattermostDialect: ChatDialect = {
  mention: (user) => `@${user.name ?? user.id}`,
  channel: (channel) => `~${channel.name ?? channel.id}`,
  parseMention: (token) => ID_MENTION.exec(token)?.[1],
  escape: escapeMattermostText,
  progressEdits: 2,
  // The connector finds the bot's direct channel with the user when it posts there.
  directMessage: directChannel,
};
