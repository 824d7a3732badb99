// The example plugins on the Node adapter, as a self-hosted deployment runs them: the Slack
// connector, the SQLite store in CATOPS_DATA_DIR, deferred jobs in this process.
import { join } from "node:path";
import { createCatOps, type PluginModule } from "@catops/core";
import { closeOnSignals, createSqliteStore, serve } from "@catops/node";
import { createSlackConnector } from "@catops/slack/create";
import { plugins } from "./plugins.generated.ts";

export async function start(extra: PluginModule[] = []): Promise<void> {
  const bot = createCatOps({
    plugins: [...plugins, ...extra],
    connectors: [createSlackConnector()],
    store: createSqliteStore({ path: join(process.env.CATOPS_DATA_DIR ?? ".catops", "catops.db") }),
    env: process.env,
  });
  const server = await serve(bot, {
    port: Number(process.env.PORT ?? 3000),
    hostname: process.env.CATOPS_HOST ?? "127.0.0.1",
  });
  closeOnSignals(server, { graceMs: 1000, logger: bot.logger });
  console.log(JSON.stringify({ port: server.port }));
}
