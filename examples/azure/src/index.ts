// The example plugins as an Azure Function App: Slack over HTTP, deferred jobs on a Storage
// Queue, state in Table Storage. host.json holds the matching platform settings.
import { app } from "@azure/functions";
import { createAlerts } from "@catops/alerts/create";
import { createTableStore, registerCatOps } from "@catops/azure-functions";
import { createCatOps } from "@catops/core";
import { createGoogleChatConnector } from "@catops/google-chat/create";
import { createSlackConnector } from "@catops/slack/create";
import { createTeamsConnector } from "@catops/teams/create";
import { escalation, runbooks } from "../../plugins/_runbooks.ts";
import { plugins } from "./plugins.generated.ts";

const bot = createCatOps({
  plugins,
  env: process.env,
  connectors: [createSlackConnector(), createTeamsConnector(), createGoogleChatConnector()],
  // Azure Monitor action groups post to /alerts/azure-monitor?token=CATOPS_ALERT_TOKEN.
  alerts: createAlerts({ runbooks, escalation }),
  store: createTableStore({ connectionString: process.env.AzureWebJobsStorage }),
});

registerCatOps(app, bot, { functionTimeoutMs: 10 * 60_000, maxDequeueCount: 5 });
