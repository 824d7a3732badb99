// @catops/cloudflare-workers: CatOps as a Cloudflare Worker (on your hono app, if you have one),
// waitUntil/Queues defer, D1 store.

// Worker
export { catopsWorker } from "./handler.js";
export type { BotSource, CatOpsWorker, CatOpsWorkerOptions } from "./handler.js";

// Store
export { createD1Store, d1StoreSchema } from "./store.js";
export type { D1StoreOptions } from "./store.js";

// Build
export { workerBundleOptions, workerSplitBundleOptions } from "./build.js";

// Native types
export type {
  D1Database,
  D1PreparedStatement,
  D1Result,
  ExecutionContext,
  MessageBatch,
  Queue,
  QueueMessage,
  ScheduledController,
} from "./types.js";
