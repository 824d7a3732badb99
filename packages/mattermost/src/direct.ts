// A direct message's channel: the bot's own user id (`GET /api/v4/users/me`, once per token),
// then `POST /api/v4/channels/direct` with both ids, which finds the channel or creates it.
import type { OpenDirectChannel, OutboundOptions } from "@catops/core";
import { callMattermostApi } from "./post.js";

export interface MattermostBotAccount {
  serverUrl: string;
  token: string;
}

/** Opens direct channels for the bot account `accountOf` names (undefined when none is set). */
export function mattermostDirectChannels(
  accountOf: (kit: Parameters<OpenDirectChannel>[1]) => MattermostBotAccount | undefined,
  optionsOf: (kit: Parameters<OpenDirectChannel>[1]) => OutboundOptions,
): OpenDirectChannel {
  const botIds = new Map<string, string>();
  return async function openMattermostDirectChannel(userId, kit) {
    const account = accountOf(kit);
    if (!account) return { error: "no Mattermost server URL and bot token" };
    const options = optionsOf(kit);
    let botId = botIds.get(account.token);
    if (!botId) {
      const me = await callMattermostApi(
        { ...account, method: "GET", path: "/users/me", what: "get bot user" },
        options,
      );
      const id = idOf(me.body);
      if (!me.ok || !id) return { error: `get bot user: ${me.error ?? "no id"}` };
      botId = id;
      botIds.set(account.token, botId);
    }
    const opened = await callMattermostApi(
      {
        ...account,
        method: "POST",
        path: "/channels/direct",
        body: [botId, userId],
        what: "create direct channel",
      },
      options,
    );
    const channelId = idOf(opened.body);
    if (!opened.ok || !channelId)
      return { error: `create direct channel: ${opened.error ?? "no id"}` };
    return { channelId };
  };
}

function idOf(body: unknown): string | undefined {
  const id = (body as { id?: unknown } | undefined)?.id;
  return typeof id === "string" && id !== "" ? id : undefined;
}
