// A direct message's conversation: the Bot Connector creates (or finds) the bot's 1:1
// conversation with a user, named by their Entra object id, in the bot's tenant:
// `POST {serviceUrl}/v3/conversations`. Its id is then a conversation like any other.
import type { OutboundOptions } from "@catops/core";
import { callBotConnector } from "./post.js";

export interface PersonalConversation {
  serviceUrl: string;
  appId: string;
  tenantId: string;
  userId: string;
}

/** Creates the bot's 1:1 conversation with a user: its id, or why not (and the HTTP status). */
export async function openPersonalConversation(
  call: PersonalConversation,
  token: string,
  options: OutboundOptions,
): Promise<{ channelId: string } | { error: string; status?: number }> {
  const result = await callBotConnector(
    {
      method: "POST",
      url: `${call.serviceUrl.replace(/\/+$/, "")}/v3/conversations`,
      body: {
        bot: { id: `28:${call.appId}` },
        members: [{ id: call.userId }],
        isGroup: false,
        tenantId: call.tenantId,
        channelData: { tenant: { id: call.tenantId } },
      },
      what: "create conversation",
    },
    token,
    options,
  );
  const id = (result.body as { id?: unknown } | undefined)?.id;
  if (!result.ok || typeof id !== "string" || id === "")
    return {
      error: `create conversation: ${result.error ?? "no conversation id"}`,
      status: result.status,
    };
  return { channelId: id };
}
