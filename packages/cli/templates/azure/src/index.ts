// The bot as an Azure Function App: Slack over HTTP, deferred jobs on a Storage Queue, state in
// Table Storage. host.json holds the matching platform settings.
import { app } from "@azure/functions";
import { createTableStore, registerCatOps } from "@catops/azure-functions";
import { createCatOps } from "@catops/core";
import { createSlackConnector } from "@catops/slack/create";
import { plugins } from "./plugins.generated.ts";

const bot = createCatOps({
  plugins,
  env: process.env,
  connectors: [createSlackConnector()],
  store: createTableStore({ connectionString: process.env.AzureWebJobsStorage }),
});

registerCatOps(app, bot, { functionTimeoutMs: 10 * 60_000, maxDequeueCount: 5 });
