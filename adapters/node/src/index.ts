// @catops/node: CatOps on a plain Node server (self-hosted, or local with the web playground).

// Bot and server
export {
  createNodeBot,
  isLocalMode,
  playgroundEnabled,
  openStore,
  sharedBackendsOf,
} from "./node-bot.js";
export type { NodeBotOptions } from "./node-bot.js";
export { serve } from "./handler.js";
export type { RunningServer, ServeOptions, ShutdownOptions, ShutdownReport } from "./handler.js";
export { startScheduler } from "./scheduler.js";
export type { Scheduler, SchedulerOptions } from "./scheduler.js";
export { closeOnSignals } from "./shutdown.js";
export type { SignalOptions } from "./shutdown.js";
export { startDevServer } from "./dev.js";
export type { DevServer, DevServerOptions } from "./dev.js";

// Slack Socket Mode
export { startSocketMode, wantsSocketMode } from "./socket-mode.js";
export type { SocketModeClient, SocketModeOptions } from "./socket-mode.js";

// Runtime port
export { nodeHmacSha256 } from "@catops/core/node-hmac";
export { nodeRuntime } from "./runtime.js";
export type { JobRunner, NodeRuntime, NodeRuntimeOptions, SharedJobQueue } from "./types.js";

// Store
export { createSqliteStore, hasSqliteDriver } from "./store.js";
export { openSharedBackends, sharedStateConfigured } from "./shared.js";
export type { SharedBackends, SharedQueue } from "./shared.js";
export type { SqliteStore, SqliteStoreOptions } from "./store.js";

// Playground
export { createWebConnector, isWebConnector } from "./web-connector.js";
export type { PlaygroundMessage, WebConnector, WebConnectorOptions } from "./web-connector.js";

// Plugins folder
export { generatePluginModule, listPluginFiles, loadPluginDirectory } from "./plugins.js";
export type { GeneratePluginModuleOptions, LoadPluginsOptions } from "./plugins.js";

// Bundles
export { joinColdPath } from "./cold-path.js";
export type { JoinColdPathOptions } from "./cold-path.js";
export { nodeSplitBundleOptions } from "./split-bundle.js";
export { codeCacheMismatch, lambdaNodeFlags, writeCodeCachedEntry } from "./code-cache.js";
export type { CodeCachedEntry, CodeCacheOptions, FunctionRuntime } from "./code-cache.js";
