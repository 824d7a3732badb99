// @catops/azure-functions: a CatOps bot as Azure Functions (v4 programming model), with
// Storage Queue defer and a Table Storage store.

// App
export { registerCatOps } from "./handler.js";
export type { AzureFunctionsOptions, FunctionsApp } from "./types.js";

// Defer
export { createJobQueue, decodeJobMessage, encodeJobMessage, MAX_MESSAGE_BYTES } from "./defer.js";
export type { JobQueue } from "./defer.js";

// Logging
export { invocationLogger } from "./logger.js";

// Store
export { createTableStore, escapeKey, unescapeKey } from "./store.js";
export type { TableStoreOptions } from "./store.js";
