// A dialect with angle-bracket mentions, for the core's own tests of what connectors supply.
import { type ChatDialect, plainDialect } from "./dialect.js";

export const angleDialect: ChatDialect = {
  ...plainDialect,
  mention: (user) => `<@${user.id}>`,
  channel: (channel) => `<#${channel.id}>`,
  parseMention: (token) => /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(token)?.[1],
  escape: (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
  progressEdits: 2,
  signsChannelNames: true,
};
