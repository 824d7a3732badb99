// The chat platforms beside Slack that a Node bot answers: each one whose settings are present,
// so a server configured for several platforms answers all of them from one process.
import type { Connector } from "@catops/core";
import { createDiscordConnector } from "@catops/discord/create";
import { createGoogleChatConnector } from "@catops/google-chat/create";
import { createMattermostConnector } from "@catops/mattermost/create";
import { createTeamsConnector } from "@catops/teams/create";

/** The setting that turns each connector on, and the connector. */
const CONFIGURED_BY: readonly [setting: string, create: () => Connector][] = [
  ["CATOPS_MATTERMOST_TOKEN", createMattermostConnector],
  ["CATOPS_DISCORD_PUBLIC_KEY", createDiscordConnector],
  ["CATOPS_TEAMS_APP_ID", createTeamsConnector],
  ["CATOPS_GOOGLE_CHAT_AUDIENCE", createGoogleChatConnector],
];

const isSet = (env: Record<string, unknown>, setting: string) =>
  typeof env[setting] === "string" && env[setting] !== "";

/** The connectors whose settings `env` has (Mattermost, Discord, Teams, Google Chat). */
export function configuredChatConnectors(env: Record<string, unknown>): Connector[] {
  return CONFIGURED_BY.filter(([setting]) => isSet(env, setting)).map(([, create]) => create());
}

/** True when `env` configures any chat platform, Slack included. */
export function chatPlatformConfigured(env: Record<string, unknown>): boolean {
  return (
    isSet(env, "SLACK_SIGNING_SECRET") || CONFIGURED_BY.some(([setting]) => isSet(env, setting))
  );
}
