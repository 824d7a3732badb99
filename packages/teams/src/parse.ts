// Reads Bot Framework activities: `message` activities with text become command events (the
// bot's own mention stripped), a message or `adaptiveCard/action` invoke carrying the data of a
// CatOps card button becomes a press. Bodies are parsed after the token checked out.
import { type CommandEvent, HttpError, parseJsonObject } from "@catops/core";
import type { Activity, MentionEntity } from "./wire.js";

export type TeamsRequest =
  | { kind: "command"; activity: Activity; event: CommandEvent }
  | {
      kind: "press";
      activity: Activity;
      /** The CatOps action the button carries; undefined for a submit CatOps did not make. */
      action?: { action: string; value?: string };
      event: CommandEvent;
      /** An invoke wants its answer in the HTTP response. */
      invoke: boolean;
    }
  /** conversationUpdate, typing, reactions, other invokes: acknowledged and logged. */
  | { kind: "other"; activity: Activity };

/** The action ids CatOps puts on its own buttons. */
export const CATOPS_ACTIONS = ["catops.run", "catops.confirm", "catops.cancel"] as const;

/** The invoke an Adaptive Card `Action.Execute` sends. */
export const ADAPTIVE_CARD_ACTION_INVOKE = "adaptiveCard/action";

/** Reads an activity; a body that is not one is a 400. */
export function parseActivity(body: string): Activity {
  const activity = parseJsonObject(body, "activity") as unknown as Activity;
  if (typeof activity.type !== "string" || activity.type === "")
    throw new HttpError(400, "activity has no type");
  if (typeof activity.serviceUrl !== "string" || !/^https?:\/\//.test(activity.serviceUrl))
    throw new HttpError(400, "activity has no serviceUrl");
  if (typeof activity.conversation?.id !== "string" || activity.conversation.id === "")
    throw new HttpError(400, "activity has no conversation id");
  if (typeof activity.from?.id !== "string" || activity.from.id === "")
    throw new HttpError(400, "activity has no from.id");
  return activity;
}

/** What an activity asks of CatOps. */
export function classifyActivity(activity: Activity): TeamsRequest {
  if (activity.type === "message") {
    const submitted = catopsActionOf(activity.value);
    if (activity.value !== undefined && activity.value !== null)
      return press(activity, submitted, false);
    return { kind: "command", activity, event: activityEvent(activity, commandText(activity)) };
  }
  if (activity.type === "invoke" && activity.name === ADAPTIVE_CARD_ACTION_INVOKE) {
    const data = (activity.value as { action?: { data?: unknown } } | undefined)?.action?.data;
    return press(activity, catopsActionOf(data), true);
  }
  return { kind: "other", activity };
}

function press(
  activity: Activity,
  action: { action: string; value?: string } | undefined,
  invoke: boolean,
): TeamsRequest {
  return {
    kind: "press",
    activity,
    ...(action ? { action } : {}),
    event: activityEvent(activity),
    invoke,
  };
}

/** The data CatOps puts on a card button: `{ catopsAction, catopsValue }`. */
export function catopsActionOf(data: unknown): { action: string; value?: string } | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const { catopsAction, catopsValue } = data as { catopsAction?: unknown; catopsValue?: unknown };
  if (typeof catopsAction !== "string") return undefined;
  if (!(CATOPS_ACTIONS as readonly string[]).includes(catopsAction)) return undefined;
  return typeof catopsValue === "string"
    ? { action: catopsAction, value: catopsValue }
    : { action: catopsAction };
}

/** The text with the bot's mention (`<at>CatOps</at>`) taken out, as the command is typed. */
export function commandText(activity: Activity): string {
  let text = activity.text ?? "";
  const botId = activity.recipient?.id;
  for (const entity of activity.entities ?? []) {
    if (entity.type !== "mention") continue;
    const mention = entity as unknown as MentionEntity;
    if (!mention.text || (botId && mention.mentioned?.id !== botId)) continue;
    text = text.split(mention.text).join(" ");
  }
  return text.replace(/&nbsp;|\u00a0/g, " ").trim();
}

/**
 * The person, conversation and tenant of an activity as a command event. The user is their
 * Entra object id (the same in every conversation); the channel is the Teams channel, or the
 * chat; the team is the tenant. `responseUrl` is where a reply to the activity is posted.
 */
export function activityEvent(activity: Activity, text?: string): CommandEvent {
  const { from, conversation, channelData } = activity;
  const userId = from.aadObjectId || from.id;
  const channelId = channelData?.channel?.id || conversation.id.split(";")[0]!;
  const channelName = channelData?.channel?.name ?? conversation.name;
  const tenantId = channelData?.tenant?.id ?? conversation.tenantId;
  return {
    command: [],
    ...(text !== undefined ? { text } : {}),
    user: from.name ? { id: userId, name: from.name } : { id: userId },
    channel: channelName ? { id: channelId, name: channelName } : { id: channelId },
    ...(tenantId ? { team: { id: tenantId } } : {}),
    ...(activity.id
      ? { responseUrl: activityUrl(activity.serviceUrl, conversation.id, activity.id) }
      : {}),
    source: "teams",
    raw: activity,
  };
}

/** `<serviceUrl>/v3/conversations/<id>/activities[/<activity id>]`. */
export function activityUrl(serviceUrl: string, conversationId: string, activityId?: string) {
  const base = `${serviceUrl.replace(/\/+$/, "")}/v3/conversations/${encodeURIComponent(conversationId)}/activities`;
  return activityId ? `${base}/${encodeURIComponent(activityId)}` : base;
}
