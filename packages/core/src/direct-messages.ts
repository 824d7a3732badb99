// Direct messages on platforms where a bot must first find or open its conversation with a user
// (Mattermost, Discord, Teams, Google Chat). The dialect's `directMessage(userId)` answers
// `directChannel(userId)`, an opaque channel reference; the connector's `deliver` turns it into
// the conversation with one platform call, remembered for the next message to that user.
import type { ConnectorKit } from "./connector.js";
import type { CommandEvent } from "./types.js";

const PREFIX = "catops-dm:";
const DEFAULT_LIMIT = 1000;

/** The channel reference of a direct message to `userId`, for a dialect's `directMessage`. */
export function directChannel(userId: string): string {
  return `${PREFIX}${userId}`;
}

/** The user a `directChannel` reference names; undefined for any other channel id. */
export function directUserOf(channelId: string | undefined): string | undefined {
  return channelId?.startsWith(PREFIX) ? channelId.slice(PREFIX.length) || undefined : undefined;
}

/** Finds or opens the direct conversation with a user: its channel id, or why not. */
export type OpenDirectChannel = (
  userId: string,
  kit: ConnectorKit,
) => Promise<{ channelId: string } | { error: string }>;

export interface DirectChannels {
  /**
   * The event with a `directChannel` reference replaced by the conversation's id (opened with
   * the platform's call, or remembered), or why it could not be; any other event as it is.
   */
  resolve(
    event: CommandEvent,
    kit: ConnectorKit,
  ): Promise<{ event: CommandEvent } | { error: string }>;
}

/** A connector's direct conversations, opened with `open` and remembered (the newest `limit`). */
export function directChannels(open: OpenDirectChannel, limit = DEFAULT_LIMIT): DirectChannels {
  const known = new Map<string, string>();
  return {
    async resolve(event, kit) {
      const userId = directUserOf(event.channel?.id);
      if (userId === undefined) return { event };
      let channelId = known.get(userId);
      if (channelId === undefined) {
        const opened = await open(userId, kit);
        if ("error" in opened) return { error: `direct message: ${opened.error}` };
        channelId = opened.channelId;
        if (known.size >= limit) known.delete(known.keys().next().value!);
        known.set(userId, channelId);
      }
      return { event: { ...event, channel: { id: channelId } } };
    },
  };
}
