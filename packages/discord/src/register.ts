// Registers the `/catops` application command with Discord: one string option, `command`, that
// takes the command line as typed. Run once per application (or per server, for instant updates).
import { callDiscord, type DiscordHttpOptions } from "./post.js";

export const DEFAULT_DISCORD_API_URL = "https://discord.com/api/v10";

export interface RegisterDiscordCommandOptions extends DiscordHttpOptions {
  /** The application id from the Developer Portal. */
  applicationId: string;
  /** The bot token from the Developer Portal's Bot page. */
  botToken: string;
  /** Register in one server only: changes show at once there (global ones can take a while). */
  guildId?: string;
  /** Default https://discord.com/api/v10. */
  apiUrl?: string;
  /** The command's name. Default 'catops'. */
  name?: string;
  /** What Discord shows under the name. */
  description?: string;
}

export interface RegisteredCommand {
  id: string;
  name: string;
  /** Where it was registered: 'global' or the server's id. */
  scope: string;
}

const COMMAND_NAME = /^[-_a-z0-9]{1,32}$/;

/** The application command CatOps answers: `/catops command:<text>`. */
export function catopsCommandDefinition(
  name = "catops",
  description = "Run a CatOps command (try: help)",
) {
  if (!COMMAND_NAME.test(name))
    throw new Error(`"${name}" cannot be a Discord command name: use 1-32 of a-z, 0-9, - and _`);
  return {
    name,
    type: 1,
    description: description.slice(0, 100),
    options: [
      {
        type: 3,
        name: "command",
        description: "The command, as you would type it: deploy api --env prod",
        required: false,
      },
    ],
  };
}

/**
 * Creates the command, or updates it when one of that name exists (Discord upserts by name),
 * leaving the application's other commands alone. Throws with Discord's reason when it fails.
 */
export async function registerDiscordCommand(
  options: RegisterDiscordCommandOptions,
): Promise<RegisteredCommand> {
  const { applicationId, botToken, guildId } = options;
  if (!applicationId) throw new Error("registering the Discord command needs the application id");
  if (!botToken) throw new Error("registering the Discord command needs the bot token");
  const base = (options.apiUrl ?? DEFAULT_DISCORD_API_URL).replace(/\/+$/, "");
  const path = guildId
    ? `/applications/${encodeURIComponent(applicationId)}/guilds/${encodeURIComponent(guildId)}/commands`
    : `/applications/${encodeURIComponent(applicationId)}/commands`;
  const result = await callDiscord(
    {
      method: "POST",
      url: base + path,
      body: catopsCommandDefinition(options.name, options.description),
      what: "register command",
      headers: { authorization: `Bot ${botToken}` },
    },
    options,
  );
  const command = result.body as { id?: unknown; name?: unknown } | undefined;
  if (!result.ok) throw new Error(`Discord refused the command: ${result.error}`);
  if (typeof command?.id !== "string")
    throw new Error("Discord's answer to the registration has no command id");
  return {
    id: command.id,
    name: String(command.name ?? options.name ?? "catops"),
    scope: guildId ?? "global",
  };
}

/**
 * The `catops-discord-register` command: reads CATOPS_DISCORD_APPLICATION_ID,
 * CATOPS_DISCORD_BOT_TOKEN, and optionally CATOPS_DISCORD_GUILD_ID, CATOPS_DISCORD_API_URL and
 * CATOPS_DISCORD_COMMAND_NAME from `env`; resolves to the process exit code.
 */
export async function runRegisterCommand(
  env: Record<string, string | undefined>,
  write: (line: string) => void,
  options: DiscordHttpOptions = {},
): Promise<number> {
  const applicationId = env.CATOPS_DISCORD_APPLICATION_ID;
  const botToken = env.CATOPS_DISCORD_BOT_TOKEN;
  const missing = [
    applicationId ? "" : "CATOPS_DISCORD_APPLICATION_ID",
    botToken ? "" : "CATOPS_DISCORD_BOT_TOKEN",
  ].filter(Boolean);
  if (missing.length > 0) {
    write(`catops-discord-register: set ${missing.join(" and ")} (from the Developer Portal).`);
    return 2;
  }
  try {
    const command = await registerDiscordCommand({
      ...options,
      applicationId: applicationId!,
      botToken: botToken!,
      guildId: env.CATOPS_DISCORD_GUILD_ID || undefined,
      apiUrl: env.CATOPS_DISCORD_API_URL || undefined,
      name: env.CATOPS_DISCORD_COMMAND_NAME || undefined,
    });
    const where = command.scope === "global" ? "globally" : `in server ${command.scope}`;
    write(`Registered /${command.name} ${where} (command id ${command.id}).`);
    return 0;
  } catch (error) {
    write(`catops-discord-register: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
