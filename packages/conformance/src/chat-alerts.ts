// Alerts for the conformance bot in three chats at once: `/alerts/uptimerobot` posts to Slack (the
// bot's first connector), `/alerts/teams-uptimerobot` to a Teams conversation and
// `/alerts/google-chat-uptimerobot` to a Google Chat space, each through createAlerts' `connector`
// option, as a bot serving several platforms would route them. Web APIs only (bundled for workerd).
import { createAlerts, parseUptimeRobot } from "@catops/alerts";
import type { AlertHandler, Connector } from "@catops/core";

/** The shared secret of the chat platforms' alert webhooks in the chat table. */
export const CHAT_ALERT_TOKEN = "chat-alert-token-conformance-0000";
export const TEAMS_ALERT_CONVERSATION = "19:693ecdb923ac4458a5c23661b505fc84@thread.skype";
export const GOOGLE_CHAT_ALERT_SPACE = "spaces/AAAAAAAAAAA";
/** What the Teams and Google Chat alerts carry as their `Probe`: one argument to `greet`. */
export const ALERT_PROBE = "api; rm -rf / <!channel>";
/** Who may acknowledge, snooze and resolve alerts: Megan, the Teams fixtures' user. */
export const ALERT_RESPONDERS = ["7faf8ab2-3d56-4244-b585-20c8a42ed2b8"];

/** Slack's alerts, and one uptimerobot source per other platform posting through its connector. */
export function chatAlerts(
  slack: AlertHandler,
  teams: Connector,
  googleChat: Connector,
): AlertHandler {
  const through = (source: string, connector: Connector, channel: string) =>
    createAlerts({
      connector,
      channel,
      token: CHAT_ALERT_TOKEN,
      rota: false,
      // The source names the platform, so each chat keeps its own alert state and runbooks.
      sources: {
        [source]: (payload) =>
          parseUptimeRobot(payload).map((alert) => ({
            ...alert,
            source,
            key: `${source}:${alert.key}`,
            // A field with shell-like text and Slack markup in it, for the runbook below.
            details: { ...alert.details, Probe: ALERT_PROBE },
          })),
      },
      runbooks: [{ source, commands: ["hi", "greet {{Probe}}"] }],
    });
  const bySource: Record<string, AlertHandler> = {
    "teams-uptimerobot": through("teams-uptimerobot", teams, TEAMS_ALERT_CONVERSATION),
    "google-chat-uptimerobot": through(
      "google-chat-uptimerobot",
      googleChat,
      GOOGLE_CHAT_ALERT_SPACE,
    ),
  };
  return {
    handle: (source, request, kit) => (bySource[source] ?? slack).handle(source, request, kit),
    receive: (source, payload, kit) => slack.receive(source, payload, kit),
    helpLead: slack.helpLead?.bind(slack),
    commands: slack.commands,
    bindCommands: (catalog) => {
      slack.bindCommands?.(catalog);
      for (const handler of Object.values(bySource)) handler.bindCommands?.(catalog);
    },
  };
}
