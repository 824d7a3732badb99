// The function source of the GCP conformance row: the conformance bot, its state in Firestore
// (FIRESTORE_EMULATOR_HOST), its Pub/Sub publishes captured (CATOPS_PUBSUB_CAPTURE_URL).
import { createCloudLogger, registerCatOps } from "@catops/gcp-functions";
import { createFirestoreStore } from "@catops/gcp-functions/firestore";
import * as functions from "@google-cloud/functions-framework";
import { createConformanceBot } from "../../packages/conformance/src/bot.ts";
import { capturingPubSub } from "./capture.ts";

const env = process.env;
const logger = createCloudLogger();
const bot = createConformanceBot(env, {
  logger,
  store: createFirestoreStore({ collection: env.CATOPS_FIRESTORE_COLLECTION ?? "catops" }),
});

registerCatOps(functions, bot, {
  logger,
  topic: "catops-jobs",
  pubsub: capturingPubSub(env.CATOPS_PUBSUB_CAPTURE_URL ?? ""),
});
