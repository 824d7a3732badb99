// Interactivity: presses of the buttons CatOps sends, read from a `block_actions` payload.
import type { CommandEvent } from "@catops/core";
import { withName } from "./parse.js";
import { BLOCK_ACTIONS_SHAPE, checkShape } from "./shape.js";
import type { SlackInteraction } from "./wire.js";

/** The action ids CatOps puts on its own buttons. */
export const CATOPS_ACTIONS = [
  "catops.run",
  "catops.confirm",
  "catops.cancel",
  "catops.form",
] as const;
export type CatOpsActionId = (typeof CATOPS_ACTIONS)[number];

export type InteractionDecision =
  | { action: { action: CatOpsActionId; value?: string }; event: CommandEvent }
  | { ignore: string };

/** Buttons in one actions block need distinct ids; the renderer adds `#2`, `#3`... */
const DUPLICATE_SUFFIX = /#\d+$/;

/** The CatOps action a payload asks for and the event of the person who pressed it. */
export function interactionAction(payload: SlackInteraction): InteractionDecision {
  if (payload.type !== "block_actions") return { ignore: `interaction type ${payload.type}` };
  checkShape(payload, BLOCK_ACTIONS_SHAPE, "payload");
  const [pressed] = payload.actions ?? [];
  if (!pressed?.action_id) return { ignore: "block_actions without an action" };
  const actionId = pressed.action_id.replace(DUPLICATE_SUFFIX, "");
  if (!(CATOPS_ACTIONS as readonly string[]).includes(actionId))
    return { ignore: `unknown action ${pressed.action_id}` };
  const userId = payload.user?.id;
  if (!userId) return { ignore: "block_actions without a user" };
  // A press on the Home tab has no channel: its answer goes to the user's own DM.
  const channelId =
    payload.channel?.id ??
    payload.container?.channel_id ??
    (payload.container?.type === "view" ? userId : undefined);
  const teamId = payload.team?.id ?? payload.user?.team_id;
  const threadId = payload.message?.thread_ts ?? payload.container?.thread_ts;
  const event: CommandEvent = {
    command: [],
    user: withName({ id: userId }, payload.user?.username ?? payload.user?.name),
    ...(channelId ? { channel: withName({ id: channelId }, payload.channel?.name) } : {}),
    ...(teamId ? { team: withDomain(teamId, payload.team?.domain) } : {}),
    ...(payload.response_url ? { responseUrl: payload.response_url } : {}),
    ...(threadId ? { threadId } : {}),
    source: "slack",
    raw: payload,
  };
  return {
    action: {
      action: actionId as CatOpsActionId,
      ...(typeof pressed.value === "string" ? { value: pressed.value } : {}),
    },
    event,
  };
}

function withDomain(id: string, domain: string | undefined) {
  return domain ? { id, domain } : { id };
}
