// A direct message's channel: `POST /users/@me/channels` with the user as `recipient_id`, with
// the bot token, answers the DM channel (the same one each time; Discord creates it once).
import type { OpenDirectChannel, OutboundOptions } from "@catops/core";
import { callDiscord } from "./post.js";

export interface DiscordBotAccount {
  apiUrl: string;
  botToken: string;
}

/** Opens DM channels for the bot `accountOf` names (undefined when there is no bot token). */
export function discordDirectChannels(
  accountOf: (kit: Parameters<OpenDirectChannel>[1]) => DiscordBotAccount | undefined,
  optionsOf: (kit: Parameters<OpenDirectChannel>[1]) => OutboundOptions,
): OpenDirectChannel {
  return async function openDiscordDirectChannel(userId, kit) {
    const account = accountOf(kit);
    if (!account) return { error: "no Discord bot token" };
    const result = await callDiscord(
      {
        method: "POST",
        url: `${account.apiUrl.replace(/\/+$/, "")}/users/@me/channels`,
        body: { recipient_id: userId },
        what: "create DM",
        headers: { authorization: `Bot ${account.botToken}` },
      },
      optionsOf(kit),
    );
    const id = (result.body as { id?: unknown } | undefined)?.id;
    if (!result.ok || typeof id !== "string" || id === "")
      return { error: `create DM: ${result.error ?? "no channel id"}` };
    return { channelId: id };
  };
}
