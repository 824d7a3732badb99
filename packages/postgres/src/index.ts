// @catops/postgres: CatOps state and jobs on PostgreSQL, for many Node replicas sharing one database.

// Database
export { openDatabase } from "./database.js";
export type { Database, DatabaseOptions } from "./database.js";
export { migrate, SCHEMA_VERSION } from "./schema.js";

// Store
export { createPostgresStore, databaseHealth } from "./store.js";
export type { PostgresStore, PostgresStoreOptions } from "./store.js";

// Job queue
export { createPostgresQueue } from "./queue.js";
export type { PostgresQueue, PostgresQueueOptions, QueueWork } from "./queue.js";

// Scheduled work
export { every, runOnce } from "./once.js";
export type { EveryOptions, RunOnceOptions } from "./once.js";
