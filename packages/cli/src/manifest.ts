// `catops manifest --url https://…` (or `--socket-mode`): the Slack app manifest for a bot, as
// YAML to paste into "Create New App → From an app manifest" at api.slack.com/apps.
import { CliError, type Io } from "./io.js";
import { googleChatConfiguration, pluginCommands, teamsManifest } from "./manifest-chat.js";
import { type YamlComments, toYaml } from "./manifest-yaml.js";
import { parseOptions } from "./options.js";

export const SLACK_EVENTS_PATH = "/slack/events";

export interface ManifestOptions {
  /** Where the bot is served: its base URL, https. Not used with `socketMode`. */
  url?: string;
  /** Slack sends everything over Socket Mode's WebSocket: no public URL. Default false. */
  socketMode?: boolean;
  /** The Home tab (needs events). Default true. */
  homeTab?: boolean;
  /** The app's name in Slack, at most 35 characters. Default "CatOps". */
  name?: string;
  /** The slash command. Default "/catops". */
  command?: string;
  /** Subscribe to mentions and direct messages. Default true. */
  events?: boolean;
  /** Let the bot post in public channels it was not invited to (alerts, audit). Default false. */
  publicChannels?: boolean;
}

/** The subset of Slack's app manifest CatOps writes. */
export interface SlackManifest {
  display_information: { name: string; description: string };
  features: {
    app_home?: {
      home_tab_enabled: boolean;
      messages_tab_enabled: boolean;
      messages_tab_read_only_enabled: boolean;
    };
    bot_user: { display_name: string; always_online: boolean };
    slash_commands: {
      command: string;
      url?: string;
      description: string;
      usage_hint: string;
      should_escape: boolean;
    }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions?: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

/** Why each bot scope is asked for: printed above it in the manifest. */
export const SCOPE_REASONS: Record<string, string> = {
  commands: "the slash command",
  "chat:write":
    "answers to mentions and direct messages, late results, alerts and audit lines, in channels the bot is in; results of forms and Home tab buttons in the user's messages with the bot",
  "app_mentions:read": "receive @mentions of the bot (the app_mention event)",
  "im:history": "receive direct messages to the bot (the message.im event)",
  "chat:write.public":
    "post alerts and audit lines in public channels without inviting the bot first (--public-channels)",
};

const MAX_NAME = 35;
const COMMAND = /^\/[a-z0-9][a-z0-9._-]{0,30}$/;

export function slackManifest(options: ManifestOptions): SlackManifest {
  const socketMode = options.socketMode === true;
  if (socketMode && options.url !== undefined)
    throw new CliError("--socket-mode and --url exclude each other: Socket Mode needs no URL", 2);
  if (!socketMode && options.url === undefined)
    throw new CliError(
      "--url is missing: the https address the bot is served at, e.g. --url https://catops.example.com (or --socket-mode)",
      2,
    );
  // Over Socket Mode nothing is sent to a URL: every `url` below is left out.
  const requestUrl = options.url === undefined ? undefined : eventsUrl(options.url);
  const at = <T extends object>(fields: T, key: string) =>
    requestUrl === undefined ? fields : { ...fields, [key]: requestUrl };
  const name = options.name ?? "CatOps";
  if (name.trim() === "" || name.length > MAX_NAME)
    throw new CliError(`--name must be 1 to ${MAX_NAME} characters (Slack's limit)`, 2);
  const given = options.command ?? "/catops";
  const command = given.startsWith("/") ? given : `/${given}`;
  if (!COMMAND.test(command))
    throw new CliError(
      `--command "${given}" is not a slash command: lowercase letters, digits, . _ -, at most 32 characters with the /`,
      2,
    );
  const events = options.events !== false;
  const homeTab = events && options.homeTab !== false;
  const scopes = ["commands", "chat:write"];
  if (events) scopes.push("app_mentions:read", "im:history");
  if (options.publicChannels) scopes.push("chat:write.public");

  return {
    display_information: { name, description: "ChatOps: run your team's procedures from Slack" },
    features: {
      // Direct messages reach the bot only through the Messages tab of its App Home.
      ...(events
        ? {
            app_home: {
              home_tab_enabled: homeTab,
              messages_tab_enabled: true,
              messages_tab_read_only_enabled: false,
            },
          }
        : {}),
      bot_user: { display_name: name, always_online: true },
      slash_commands: [
        {
          command,
          ...at({}, "url"),
          description: "Run a command (help lists them)",
          usage_hint: "help | <command> [arguments] [--flags]",
          should_escape: true,
        },
      ],
    },
    oauth_config: { scopes: { bot: scopes } },
    settings: {
      ...(events
        ? {
            event_subscriptions: at(
              {
                bot_events: homeTab
                  ? ["app_mention", "message.im", "app_home_opened"]
                  : ["app_mention", "message.im"],
              },
              "request_url",
            ),
          }
        : {}),
      interactivity: at({ is_enabled: true }, "request_url"),
      org_deploy_enabled: false,
      socket_mode_enabled: socketMode,
      token_rotation_enabled: false,
    },
  };
}

/** `<base>/slack/events` from the base URL (a URL that already ends with the path is kept). */
export function eventsUrl(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new CliError(`--url "${base}" is not a URL; give the bot's https address`, 2);
  }
  if (url.protocol !== "https:")
    throw new CliError(`--url must be https: Slack sends requests to https addresses only`, 2);
  if (url.search || url.hash) throw new CliError("--url takes no query or fragment", 2);
  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = path.endsWith(SLACK_EVENTS_PATH) ? path : `${path}${SLACK_EVENTS_PATH}`;
  return url.href;
}

/** The manifest as YAML, each scope under a comment that says why it is needed. */
export function manifestYaml(options: ManifestOptions): string {
  const manifest = slackManifest(options);
  const comments: YamlComments = {
    "": [
      "Slack app manifest for a CatOps bot, made by `catops manifest`. At",
      "https://api.slack.com/apps choose Create New App > From an app manifest and paste it.",
    ],
    "features.slash_commands.0.should_escape": [
      "Mentions arrive as user ids (<@U123>), which `access grant` and `allow.users` need.",
    ],
    "settings.socket_mode_enabled": manifest.settings.socket_mode_enabled
      ? [
          "Socket Mode: the server connects out to Slack, so it needs no public URL. Generate an",
          "app-level token with the connections:write scope (Basic Information > App-Level Tokens)",
          "and set it as SLACK_APP_TOKEN (xapp-…) on a Node server without CATOPS_PUBLIC_URL.",
        ]
      : ["Slack calls the request URL over HTTPS: no socket to keep open."],
    "settings.interactivity": [
      "Buttons, and forms: modals opened with views.open and their view_submission (no extra scope).",
    ],
  };
  if (manifest.features.app_home?.home_tab_enabled)
    comments["features.app_home.home_tab_enabled"] = [
      "The Home tab: commands the viewer may run, on call, alerts firing, their jobs. Published",
      "with views.publish when app_home_opened arrives (the event below; no extra scope).",
    ];
  manifest.oauth_config.scopes.bot.forEach((scope, i) => {
    comments[`oauth_config.scopes.bot.${i}`] = [`${scope}: ${SCOPE_REASONS[scope]}.`];
  });
  return toYaml(manifest, comments);
}

export async function manifest(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions("manifest", args, {
    url: { type: "string" },
    "socket-mode": { type: "boolean" },
    "no-home": { type: "boolean" },
    name: { type: "string" },
    command: { type: "string" },
    "no-events": { type: "boolean" },
    "public-channels": { type: "boolean" },
    platform: { type: "string" },
    "app-id": { type: "string" },
    plugins: { type: "string" },
  });
  if (positionals.length > 0)
    throw new CliError(`catops manifest takes no arguments (got ${positionals.join(" ")})`, 2);
  const platform = (values.platform as string | undefined) ?? "slack";
  if (platform === "teams" || platform === "google-chat") {
    if (typeof values.url !== "string")
      throw new CliError(
        "--url is missing: the https address the bot is served at, e.g. --url https://catops.example.com",
        2,
      );
    const appId = values["app-id"];
    if (platform === "teams" && typeof appId !== "string")
      throw new CliError(
        "--app-id is missing: the bot's Microsoft app id (CATOPS_TEAMS_APP_ID)",
        2,
      );
    const commands = await pluginCommands(io, values.plugins as string | undefined);
    const options = { url: values.url, name: values.name as string | undefined, commands };
    io.stdout.write(
      platform === "teams"
        ? `${JSON.stringify(teamsManifest({ ...options, appId: appId as string }), null, 2)}\n`
        : googleChatConfiguration(options),
    );
    return 0;
  }
  if (platform !== "slack")
    throw new CliError(`--platform "${platform}" is not one of slack, teams, google-chat`, 2);
  io.stdout.write(
    manifestYaml({
      url: typeof values.url === "string" ? values.url : undefined,
      socketMode: values["socket-mode"] === true,
      homeTab: values["no-home"] !== true,
      name: values.name as string | undefined,
      command: values.command as string | undefined,
      events: values["no-events"] !== true,
      publicChannels: values["public-channels"] === true,
    }),
  );
  return 0;
}
