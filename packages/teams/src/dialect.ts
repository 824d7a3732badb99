// How Teams writes mentions and neutralises text. A mention pings only with an entity the bot
// sends beside it, so CatOps writes names as plain text; user text is made inert by writing
// `<`, `>` and `&` as entities (no `<at>` tag, no HTML) and breaking Markdown links.
import { breakMarkdownLinks, type ChatDialect, directChannel } from "@catops/core";

const HTML = /[<>&]/g;
const ENTITIES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;" };
const PLAIN_MENTION = /^@(\S+)$/;

/** An Entra object id: the only user id a 1:1 conversation can be created for without a message. */
const ENTRA_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isEntraObjectId(userId: string): boolean {
  return ENTRA_OBJECT_ID.test(userId);
}

export function escapeTeamsText(text: string): string {
  return breakMarkdownLinks(text.replace(HTML, (c) => ENTITIES[c]!));
}

/** Adaptive Card text is Markdown without HTML: only links need breaking. */
export function escapeCardText(text: string): string {
  return breakMarkdownLinks(text);
}

export const teamsDialect: ChatDialect = {
  mention: (user) => `@${user.name ?? user.id}`,
  channel: (channel) => `#${channel.name ?? channel.id}`,
  parseMention: (token) => PLAIN_MENTION.exec(token)?.[1],
  escape: escapeTeamsText,
  // Each edit is a call to the Bot Connector, which throttles per conversation.
  progressEdits: 5,
  // A user named by their Entra object id (`@7faf8ab2-…`) gets a 1:1 chat the connector creates.
  directMessage: (userId) => (isEntraObjectId(userId) ? directChannel(userId) : undefined),
};
