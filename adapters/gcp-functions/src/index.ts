// @catops/gcp-functions: CatOps on Google Cloud Functions (Functions Framework v5). An HTTP
// function serving every route, a Pub/Sub CloudEvent function running deferred jobs, and
// Cloud Logging's structured logs. The Firestore store is at @catops/gcp-functions/firestore.

// Functions
export { catopsHttp } from "./handler.js";
export type { HttpFunctionOptions } from "./handler.js";
export { catopsPubSub } from "./events.js";
export type { PubSubFunctionOptions } from "./events.js";
export { registerCatOps } from "./register.js";
export type { RegisterOptions } from "./register.js";
export type { FunctionOptions } from "./runtime.js";

// Pieces, for custom wiring
export { toWebRequest, sendWebResponse } from "./request.js";
export { createJobPublisher } from "./defer.js";
export type { Publish, PublisherOptions } from "./defer.js";
export { jobFromCloudEvent, MESSAGE_PUBLISHED } from "./message.js";
export { createCloudLogger } from "./logger.js";
export type { CloudLoggerOptions } from "./logger.js";
export { nodeHmacSha256 } from "@catops/core/node-hmac";

// Native shapes
export type {
  CloudEvent,
  CloudEventHandler,
  FunctionsRegistry,
  FunctionsRequest,
  FunctionsResponse,
  HttpHandler,
  MessagePublishedData,
  PubSubClient,
} from "./types.js";
