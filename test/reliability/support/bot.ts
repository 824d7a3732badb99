// The bot every reliability driver serves: the Slack connector, alert webhooks and the spying
// plugins. Web-standard packages only, so esbuild can bundle it for workerd.
import { createAlerts } from "@catops/alerts";
import { type CatOpsOptions, createCatOps } from "@catops/core";
import { createSlackConnector } from "@catops/slack";
import * as commands from "./plugins.ts";

export const RELIABILITY_DEADLINE_MS = 500;

export function createReliabilityBot(
  env: Record<string, string | undefined>,
  options: Partial<CatOpsOptions> = {},
) {
  return createCatOps({
    name: "catops",
    plugins: [{ file: "reliability.ts", exports: commands }],
    connectors: [createSlackConnector({ retries: 1 })],
    alerts: createAlerts(),
    env,
    deadlineMs: RELIABILITY_DEADLINE_MS,
    cancelPollMs: 100,
    ...options,
  });
}
