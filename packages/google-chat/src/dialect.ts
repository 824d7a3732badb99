// How Google Chat writes mentions and neutralises text: `<users/123>` mentions (and
// `<users/all>` pings everyone), `<https://url|label>` links hide where they go. A zero-width
// space after each `<` keeps user text from being read as either; Markdown links are broken too.
import {
  breakMarkdownLinks,
  type ChatDialect,
  directChannel,
  ZERO_WIDTH_SPACE,
} from "@catops/core";

const MENTION = /^<(users\/[^>|\s]+)>$/;
const HTML = /[<>&]/g;
const ENTITIES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;" };

export function escapeGoogleChatText(text: string): string {
  return breakMarkdownLinks(text.includes("<") ? text.replace(/</g, `<${ZERO_WIDTH_SPACE}`) : text);
}

/** Card text is an HTML subset: user text is written with entities. */
export function escapeCardHtml(text: string): string {
  return text.replace(HTML, (c) => ENTITIES[c]!);
}

export const googleChatDialect: ChatDialect = {
  mention: (user) => (user.id.startsWith("users/") ? `<${user.id}>` : `@${user.name ?? user.id}`),
  channel: (channel) => channel.name ?? channel.id,
  parseMention: (token) => MENTION.exec(token)?.[1],
  escape: escapeGoogleChatText,
  // A message can be patched often, but each edit is an API call with the app's quota.
  progressEdits: 5,
  // The connector finds the app's DM space with the user (`users/123`) when it posts there.
  directMessage: (userId) =>
    userId.startsWith("users/") && userId !== "users/all" ? directChannel(userId) : undefined,
};
