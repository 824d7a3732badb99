// The fields CatOps reads from a Slack payload, checked for type after the signature: a field
// of the wrong type is a 400 naming it, never a crash or a command run for a user id that is
// not a string. Fields CatOps does not read are not checked, so new Slack fields pass.
import { HttpError } from "@catops/core";

export type Shape = { readonly [field: string]: "string" | "boolean" | Shape | readonly [Shape] };

/** Throws a 400 naming the first field whose type is wrong; absent and null fields pass. */
export function checkShape(value: unknown, shape: Shape, where: string): void {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new HttpError(400, `${where} must be an object`);
  for (const [field, spec] of Object.entries(shape)) {
    const item = (value as Record<string, unknown>)[field];
    if (item === undefined || item === null) continue;
    const path = `${where}.${field}`;
    if (spec === "string" || spec === "boolean") {
      if (typeof item !== spec) throw new HttpError(400, `${path} must be a ${spec}`);
    } else if (Array.isArray(spec)) {
      if (!Array.isArray(item)) throw new HttpError(400, `${path} must be a list`);
      for (const [index, entry] of item.entries())
        checkShape(entry, spec[0] as Shape, `${path}[${index}]`);
    } else {
      checkShape(item, spec as Shape, path);
    }
  }
}

/** An `app_mention` or `message` event, as `eventCommand` reads it. */
export const COMMAND_EVENT_SHAPE: Shape = {
  type: "string",
  subtype: "string",
  user: "string",
  bot_id: "string",
  text: "string",
  ts: "string",
  thread_ts: "string",
  channel: "string",
  channel_type: "string",
  team: "string",
  hidden: "boolean",
};

/** The envelope fields read with such an event. */
export const EVENT_ENVELOPE_SHAPE: Shape = { team_id: "string", event_id: "string" };

/** A `block_actions` payload, as `interactionAction` reads it. */
export const BLOCK_ACTIONS_SHAPE: Shape = {
  type: "string",
  team: { id: "string", domain: "string" },
  user: { id: "string", username: "string", name: "string", team_id: "string" },
  channel: { id: "string", name: "string" },
  container: { type: "string", channel_id: "string", thread_ts: "string" },
  message: { thread_ts: "string" },
  response_url: "string",
  actions: [{ action_id: "string", value: "string" }],
};
