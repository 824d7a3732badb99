// Events API: which events are commands (a mention that starts with the bot, a direct message)
// and which are chatter to leave alone (bots, edits, passing mentions).
import type { CommandEvent } from "@catops/core";
import { slackTextToCommandLine } from "./parse.js";
import { COMMAND_EVENT_SHAPE, checkShape, EVENT_ENVELOPE_SHAPE } from "./shape.js";
import type { SlackEventEnvelope } from "./wire.js";

export type EventDecision = { event: CommandEvent } | { ignore: string };

const LEADING_MENTION = /^\s*<@[A-Z0-9]+(?:\|[^>]*)?>/;

/** The command an Events API callback carries, or why it carries none (a 400 for wrong field types). */
export function eventCommand(envelope: SlackEventEnvelope): EventDecision {
  const inner = envelope.event;
  const isMention = inner.type === "app_mention";
  const isDirect = inner.type === "message" && inner.channel_type === "im";
  if (!isMention && !isDirect) return { ignore: `event type ${inner.type}` };
  checkShape(inner, COMMAND_EVENT_SHAPE, "event");
  checkShape(envelope, EVENT_ENVELOPE_SHAPE, "envelope");
  // Bots (our own replies included), edits, deletions, joins: never commands.
  if (inner.bot_id) return { ignore: "message from a bot" };
  if (inner.subtype) return { ignore: `message subtype ${inner.subtype}` };
  if (inner.hidden) return { ignore: "hidden message" };
  if (!inner.user) return { ignore: "message without a user" };
  if (!inner.channel) return { ignore: "message without a channel" };
  const text = inner.text ?? "";
  // "You can count on @catops" mentions the bot; it does not address it.
  if (isMention && !LEADING_MENTION.test(text)) return { ignore: "mention not at the start" };
  const teamId = inner.team ?? envelope.team_id;
  const threadId = inner.thread_ts ?? inner.ts;
  return {
    event: {
      command: [],
      text: slackTextToCommandLine(text).trim(),
      user: { id: inner.user },
      channel: { id: inner.channel },
      ...(teamId ? { team: { id: teamId } } : {}),
      ...(threadId ? { threadId } : {}),
      source: "slack",
      raw: envelope,
    },
  };
}
