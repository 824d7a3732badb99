// Reads Discord interactions: PING, the `/catops` application command and presses of the
// buttons CatOps sent. Bodies are parsed only after their signature checked out.
import { type CommandEvent, HttpError, parseJsonObject } from "@catops/core";
import { type DiscordInteraction, InteractionType } from "./wire.js";

export type DiscordRequest =
  | { kind: "ping" }
  | { kind: "command"; interaction: DiscordInteraction; event: CommandEvent }
  | {
      kind: "component";
      interaction: DiscordInteraction;
      /** The CatOps action the button carries; undefined for a button CatOps did not make. */
      action?: { action: string; value?: string };
      event: CommandEvent;
    }
  /** A modal submitted: its interaction and who submitted it, where. */
  | { kind: "modal_submit"; interaction: DiscordInteraction; event: CommandEvent }
  /** Autocomplete, future types: acknowledged and logged. */
  | { kind: "other"; type: number };

/** The action ids CatOps puts on its own buttons. */
export const CATOPS_ACTIONS = [
  "catops.run",
  "catops.confirm",
  "catops.cancel",
  "catops.form",
] as const;

/** Reads a verified interaction body; a body that is not one is a 400. */
export function parseInteraction(body: string, apiUrl: string): DiscordRequest {
  const interaction = parseJsonObject(body, "interaction") as unknown as DiscordInteraction;
  if (typeof interaction.type !== "number") throw new HttpError(400, "interaction has no type");
  if (interaction.type === InteractionType.Ping) return { kind: "ping" };
  if (
    interaction.type !== InteractionType.ApplicationCommand &&
    interaction.type !== InteractionType.MessageComponent &&
    interaction.type !== InteractionType.ModalSubmit
  )
    return { kind: "other", type: interaction.type };
  for (const field of ["id", "application_id", "token"] as const)
    if (typeof interaction[field] !== "string" || interaction[field] === "")
      throw new HttpError(400, `interaction has no ${field}`);
  if (typeof interaction.data !== "object" || interaction.data === null)
    throw new HttpError(400, "interaction has no data");
  if (interaction.type === InteractionType.ApplicationCommand) {
    const text = [interaction.data.name, commandOption(interaction)].filter(Boolean).join(" ");
    return { kind: "command", interaction, event: interactionEvent(interaction, apiUrl, text) };
  }
  if (interaction.type === InteractionType.ModalSubmit)
    return { kind: "modal_submit", interaction, event: interactionEvent(interaction, apiUrl) };
  const customId = interaction.data.custom_id;
  if (typeof customId !== "string")
    throw new HttpError(400, "component interaction has no custom_id");
  const action = parseCustomId(customId);
  return {
    kind: "component",
    interaction,
    ...(action ? { action } : {}),
    event: interactionEvent(interaction, apiUrl),
  };
}

/** The `command` option's text ("deploy api --env prod"), or the first string option's. */
function commandOption(interaction: DiscordInteraction): string | undefined {
  const options = interaction.data?.options ?? [];
  const named = options.find((o) => o.name === "command" && typeof o.value === "string");
  const value = (named ?? options.find((o) => typeof o.value === "string"))?.value;
  return typeof value === "string" ? value : undefined;
}

/**
 * The person, channel and server of an interaction as a command event. `responseUrl` is the
 * interaction's webhook, where its response is edited later. The dispatcher strips the bot's
 * name, so `/catops hi` runs `hi`, and a command registered under another name runs that command.
 */
export function interactionEvent(
  interaction: DiscordInteraction,
  apiUrl: string,
  text?: string,
): CommandEvent {
  const user = interaction.member?.user ?? interaction.user;
  if (!user?.id) throw new HttpError(400, "interaction has no user");
  const channelId = interaction.channel?.id ?? interaction.channel_id;
  const { token: _credential, ...raw } = interaction;
  return {
    command: [],
    ...(text !== undefined ? { text } : {}),
    user: user.username ? { id: user.id, name: user.username } : { id: user.id },
    ...(channelId
      ? {
          channel: interaction.channel?.name
            ? { id: channelId, name: interaction.channel.name }
            : { id: channelId },
        }
      : {}),
    ...(interaction.guild_id ? { team: { id: interaction.guild_id } } : {}),
    responseUrl: webhookUrl(apiUrl, interaction.application_id, interaction.token),
    source: "discord",
    raw,
  };
}

/** The interaction's webhook: `<api>/webhooks/<application id>/<token>`. */
export function webhookUrl(apiUrl: string, applicationId: string, token: string): string {
  return `${apiUrl.replace(/\/+$/, "")}/webhooks/${encodeURIComponent(applicationId)}/${encodeURIComponent(token)}`;
}

/** Two buttons in one message need distinct ids; the renderer adds `#2`, `#3`... */
const DUPLICATE_SUFFIX = /#\d+$/;

/** A button's `custom_id` (`catops.confirm:<id>`, `catops.run:restart api`) as its action. */
export function parseCustomId(customId: string): { action: string; value?: string } | undefined {
  const colon = customId.indexOf(":");
  const action = (colon === -1 ? customId : customId.slice(0, colon)).replace(DUPLICATE_SUFFIX, "");
  if (!(CATOPS_ACTIONS as readonly string[]).includes(action)) return undefined;
  return colon === -1 ? { action } : { action, value: customId.slice(colon + 1) };
}
