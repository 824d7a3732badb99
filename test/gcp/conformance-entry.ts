// The function source of the GCP conformance row: the conformance bot, its state in Firestore
// (FIRESTORE_EMULATOR_HOST), its Pub/Sub publishes captured (CATOPS_PUBSUB_CAPTURE_URL), and a
// warm-up function for the driver.
import { createCloudLogger, registerCatOps } from "@catops/gcp-functions";
import { createFirestoreStore } from "@catops/gcp-functions/firestore";
import * as functions from "@google-cloud/functions-framework";
import { createConformanceBot } from "../../packages/conformance/src/bot.ts";
import { capturingPubSub } from "./capture.ts";

const env = process.env;
const logger = createCloudLogger();
const store = createFirestoreStore({ collection: env.CATOPS_FIRESTORE_COLLECTION ?? "catops" });
const bot = createConformanceBot(env, { logger, store });

registerCatOps(functions, bot, {
  logger,
  topic: "catops-jobs",
  pubsub: capturingPubSub(env.CATOPS_PUBSUB_CAPTURE_URL ?? ""),
});

// A function's one-time start: the Firestore client loaded and connected by a first read. The
// driver calls it before any scenario, so that work is not charged to whichever request (or
// late reply) happens to come first.
functions.http("catops-warm-up", async (_req, res) => {
  await store.get("catops-warm-up");
  res.status(204).end();
});
