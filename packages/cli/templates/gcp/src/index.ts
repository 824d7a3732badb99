// The bot on Google Cloud Functions: `catops` answers Slack over HTTP, `catops-jobs` runs
// deferred commands from Pub/Sub, Firestore keeps jobs and confirmations.
import { createCatOps } from "@catops/core";
import { createCloudLogger, registerCatOps } from "@catops/gcp-functions";
import { createFirestoreStore } from "@catops/gcp-functions/firestore";
import { createSlackConnector } from "@catops/slack/create";
import * as functions from "@google-cloud/functions-framework";
import { plugins } from "./plugins.generated.ts";

const env = process.env;
const logger = createCloudLogger();

const bot = createCatOps({
  plugins,
  env,
  logger,
  store: createFirestoreStore({ collection: env.CATOPS_FIRESTORE_COLLECTION ?? "catops" }),
  connectors: [createSlackConnector()],
});

registerCatOps(functions, bot, { logger, topic: env.CATOPS_PUBSUB_TOPIC ?? "catops-jobs" });
