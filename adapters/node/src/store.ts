// The SQLite store: the entry of store/.
export { createSqliteStore, hasSqliteDriver } from "./store/sqlite.js";
export type { SqliteStore, SqliteStoreOptions } from "./store/sqlite.js";
