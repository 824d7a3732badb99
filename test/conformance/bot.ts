// The bot every conformance row serves: the Slack, Mattermost and Discord connectors and the test
// plugins. Imports only @catops/core, @catops/alerts, the connectors and the plugins, so esbuild can bundle it for
// workerd or a child process.
import { createAlerts } from "@catops/alerts";
import { type CatOpsOptions, createCatOps, keepHistory } from "@catops/core";
import { createDiscordConnector } from "@catops/discord";
import { createMattermostConnector } from "@catops/mattermost";
import { createSlackConnector } from "@catops/slack";
import { plugins } from "./plugins/index.ts";

/** Short enough to keep the table fast, long enough for any runtime to answer "hi" within it. */
export const CONFORMANCE_DEADLINE_MS = 300;

export function createConformanceBot(
  env: Record<string, string | undefined>,
  options: Partial<CatOpsOptions> = {},
) {
  return createCatOps({
    name: "catops",
    aliases: ["meow"],
    plugins,
    connectors: [createSlackConnector(), createMattermostConnector(), createDiscordConnector()],
    env,
    // Alerts from Uptime Robot come with the command that usually fixes them (here, `hi`).
    alerts: createAlerts({ runbooks: [{ source: "uptimerobot", commands: ["hi"] }] }),
    deadlineMs: CONFORMANCE_DEADLINE_MS,
    // Cancellations made in another invocation are seen within this many ms.
    cancelPollMs: 100,
    // `history` and `rerun`, kept in each runtime's own store.
    history: keepHistory(),
    ...options,
  });
}
