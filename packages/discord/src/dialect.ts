// How Discord writes mentions and neutralises text: `<@id>` mentions, `@everyone` and `@here`
// ping whole servers, and masked links hide where they go. Messages also carry
// `allowed_mentions`, so even what slips through pings nobody.
import {
  breakMarkdownLinks,
  type ChatDialect,
  directChannel,
  ZERO_WIDTH_SPACE,
} from "@catops/core";

const MENTION = /^<@!?(\d+)>$/;
const SERVER_WIDE = /@(everyone|here)\b/gi;
const ANGLE_MENTION = /<(@[!&]?|#)(\d)/g;

export function escapeDiscordText(text: string): string {
  if (!text.includes("@") && !text.includes("](") && !text.includes("<#")) return text;
  return breakMarkdownLinks(text)
    .replace(SERVER_WIDE, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(ANGLE_MENTION, `<$1${ZERO_WIDTH_SPACE}$2`);
}

export const discordDialect: ChatDialect = {
  mention: (user) => `<@${user.id}>`,
  channel: (channel) => `<#${channel.id}>`,
  parseMention: (token) => MENTION.exec(token)?.[1],
  escape: escapeDiscordText,
  // An interaction's message can be edited for 15 minutes; progress is already spaced out.
  progressEdits: 10,
  // The connector opens the bot's DM channel with the user when it posts there.
  directMessage: directChannel,
};
