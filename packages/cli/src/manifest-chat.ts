// `catops manifest --platform teams|google-chat`: the Teams app manifest (manifest.json, with the
// bot and the plugins' commands as its command list) and the values to enter in Google Chat's
// API configuration, for a bot served at `--url`.
import { resolve } from "node:path";
import { commandsFromModules } from "@catops/core";
import { loadPluginDirectory } from "@catops/node";
import { asCliError, DEFAULT_PLUGINS_DIR } from "./bot.js";
import { CliError, type Io } from "./io.js";

export const GOOGLE_CHAT_EVENTS_PATH = "/google-chat/events";
export const TEAMS_MANIFEST_SCHEMA =
  "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json";

/** Teams' limits on a bot's command list. */
const TEAMS_COMMANDS = { max: 10, title: 32, description: 128 } as const;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SCOPES = ["personal", "team", "groupChat"];

export interface ChatManifestOptions {
  /** Where the bot is served: its https base URL. */
  url: string;
  /** The app's name. Default "CatOps". */
  name?: string;
  /** The commands to list: name and description. */
  commands: readonly { name: string; description?: string }[];
}

/** The bot's https base URL, without a trailing slash; refuses anything else. */
export function baseUrl(given: string): URL {
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new CliError(`--url "${given}" is not a URL; give the bot's https address`, 2);
  }
  if (url.protocol !== "https:")
    throw new CliError("--url must be https: Teams and Google Chat call https addresses only", 2);
  url.pathname = url.pathname.replace(/\/+$/, "");
  return url;
}

/** The Teams app manifest: the bot with its messaging endpoint's host and its command list. */
export function teamsManifest(options: ChatManifestOptions & { appId: string }) {
  if (!GUID.test(options.appId))
    throw new CliError(`--app-id "${options.appId}" is not a Microsoft app id (a GUID)`, 2);
  const url = baseUrl(options.url);
  const name = options.name ?? "CatOps";
  const commands = options.commands.slice(0, TEAMS_COMMANDS.max).map((command) => ({
    title: command.name.slice(0, TEAMS_COMMANDS.title),
    description: (command.description || `Run ${command.name}`).slice(
      0,
      TEAMS_COMMANDS.description,
    ),
  }));
  return {
    $schema: TEAMS_MANIFEST_SCHEMA,
    manifestVersion: "1.17",
    version: "1.0.0",
    id: options.appId,
    developer: {
      name,
      websiteUrl: url.href,
      privacyUrl: url.href,
      termsOfUseUrl: url.href,
    },
    name: { short: name.slice(0, 30), full: name },
    description: {
      short: "ChatOps: run your team's procedures from Teams",
      full: `${name} runs your team's commands from chat: type help to list them.`,
    },
    icons: { outline: "outline.png", color: "color.png" },
    accentColor: "#FFFFFF",
    bots: [
      {
        botId: options.appId,
        scopes: SCOPES,
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [{ scopes: SCOPES, commands }],
      },
    ],
    permissions: ["identity", "messageTeamMembers"],
    validDomains: [url.host],
  };
}

/** What to enter on the Chat API's Configuration page, as lines to read. */
export function googleChatConfiguration(options: ChatManifestOptions): string {
  const url = baseUrl(options.url);
  const endpoint = `${url.href.replace(/\/+$/, "")}${GOOGLE_CHAT_EVENTS_PATH}`;
  const listed = options.commands.map(
    (c) => `    ${c.name}${c.description ? `: ${c.description}` : ""}`,
  );
  return [
    "Google Chat API > Configuration (https://console.cloud.google.com/apis/api/chat.googleapis.com/hangouts-chat)",
    "",
    `App name:            ${options.name ?? "CatOps"}`,
    "Description:         ChatOps: run your team's procedures from Google Chat",
    "Interactive features: on",
    "Functionality:       Receive 1:1 messages; Join spaces and group conversations",
    "Connection settings: HTTP endpoint URL",
    `  HTTP endpoint URL: ${endpoint}`,
    "Authentication Audience: HTTP endpoint URL",
    `  then set CATOPS_GOOGLE_CHAT_AUDIENCE=${endpoint}`,
    "  (or choose Project Number and set CATOPS_GOOGLE_CHAT_AUDIENCE to the project number)",
    "Slash command:       name /catops, command ID 1,",
    "                     description: Run a command (help lists them)",
    "Late replies and alerts: a service account with the Chat API enabled;",
    "  set CATOPS_GOOGLE_CHAT_SERVICE_ACCOUNT_KEY to its JSON key",
    "",
    "Commands (type /catops help in Chat):",
    ...listed,
    "",
  ].join("\n");
}

/** The commands of the plugins folder, sorted by name. */
export async function pluginCommands(io: Io, pluginsDir?: string) {
  try {
    const modules = await loadPluginDirectory(resolve(io.cwd, pluginsDir ?? DEFAULT_PLUGINS_DIR));
    return [...commandsFromModules(modules).values()]
      .map((command) => ({ name: command.name, description: command.description }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    throw asCliError(error);
  }
}
