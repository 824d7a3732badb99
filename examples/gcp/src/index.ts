// The example plugins on Google Cloud Functions: `catops` answers Slack over HTTP, `catops-jobs`
// runs deferred commands from Pub/Sub, Firestore keeps jobs and confirmations.
import { createAlerts } from "@catops/alerts/create";
import { createCatOps } from "@catops/core";
import { createCloudLogger, registerCatOps } from "@catops/gcp-functions";
import { createFirestoreStore } from "@catops/gcp-functions/firestore";
import { createGoogleChatConnector } from "@catops/google-chat/create";
import { createSlackConnector } from "@catops/slack/create";
import { createTeamsConnector } from "@catops/teams/create";
import * as functions from "@google-cloud/functions-framework";
import { escalation, runbooks } from "../../plugins/_runbooks.ts";
import { plugins } from "./plugins.generated.ts";

const env = process.env;
const logger = createCloudLogger();

const bot = createCatOps({
  plugins,
  env,
  logger,
  store: createFirestoreStore({ collection: env.CATOPS_FIRESTORE_COLLECTION ?? "catops" }),
  connectors: [createSlackConnector(), createTeamsConnector(), createGoogleChatConnector()],
  // Cloud Monitoring webhook channels post to /alerts/gcp-monitoring?token=CATOPS_ALERT_TOKEN.
  alerts: createAlerts({ runbooks, escalation }),
});

registerCatOps(functions, bot, { logger, topic: env.CATOPS_PUBSUB_TOPIC ?? "catops-jobs" });
