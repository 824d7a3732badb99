// The bot every conformance row serves: the Slack, Mattermost, Discord, Teams and Google Chat connectors and the test
// plugins. Imports only @catops/core, @catops/alerts, the connectors and the plugins, so esbuild can bundle it for
// workerd or a child process.
import { createAlerts } from "@catops/alerts";
import { type CatOpsOptions, createCatOps, keepHistory } from "@catops/core";
import { createDiscordConnector } from "@catops/discord";
import { createGoogleChatConnector } from "@catops/google-chat";
import { createMattermostConnector } from "@catops/mattermost";
import { createSlackConnector } from "@catops/slack";
import { createTeamsConnector } from "@catops/teams";
import { ALERT_RESPONDERS, chatAlerts } from "./chat-alerts.ts";
import { plugins } from "./plugins/index.ts";
import { CONFORMANCE_ADMIN } from "./users.ts";

/** Short enough to keep the table fast, long enough for any runtime to answer "hi" within it. */
export const CONFORMANCE_DEADLINE_MS = 300;

export function createConformanceBot(
  env: Record<string, string | undefined>,
  options: Partial<CatOpsOptions> = {},
) {
  const slack = createSlackConnector();
  const teams = createTeamsConnector();
  const googleChat = createGoogleChatConnector();
  return createCatOps({
    name: "catops",
    aliases: ["meow"],
    plugins,
    connectors: [slack, createMattermostConnector(), createDiscordConnector(), teams, googleChat],
    env,
    // Alerts from Uptime Robot come with the command that usually fixes them (here, `hi`), in
    // Slack, and (chat-alerts.ts) in Teams and Google Chat.
    alerts: chatAlerts(
      createAlerts({
        runbooks: [{ source: "uptimerobot", commands: ["hi"] }],
        lifecycle: { allow: { users: ALERT_RESPONDERS } },
        // 60 ms: an alert the table fired is overdue by the time `alert escalate` runs.
        escalation: { afterMinutes: 0.001 },
      }),
      teams,
      googleChat,
    ),
    deadlineMs: CONFORMANCE_DEADLINE_MS,
    // The admin who grants groups from chat (`access grant`).
    groups: { admins: [CONFORMANCE_ADMIN] },
    // Cancellations made in another invocation are seen within this many ms.
    cancelPollMs: 100,
    // `history` and `rerun`, kept in each runtime's own store.
    history: keepHistory(),
    ...options,
  });
}
