// The D1 store: its options and schema here, its code (d1-table.ts) loaded on the store's first
// read or write, so a cold start that answers without the store never parses it.
import { lazyStore, type Store } from "@catops/core";
import type { D1Database } from "../types.js";

export interface D1StoreOptions {
  /** Table holding the entries; created on first use. Default 'catops_store'. */
  table?: string;
  /** ms since the epoch; expiry is compared against it. */
  now?: () => number;
  /** How often (ms) expired rows are swept out by a write. Default 10 minutes. */
  purgeEveryMs?: number;
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The table the store uses, for migrations: `wrangler d1 execute` or a migrations folder. */
export function d1StoreSchema(table = "catops_store"): string {
  if (!TABLE_NAME.test(table)) throw new Error(`invalid D1 table name: ${JSON.stringify(table)}`);
  return (
    `CREATE TABLE IF NOT EXISTS ${table} ` +
    "(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, expires_at INTEGER)"
  );
}

/**
 * A store on Cloudflare D1 (SQLite): atomic set-if-absent, so deduplication and job claims hold
 * across isolates. An invalid table name is refused here, when the bot is made.
 */
export function createD1Store(db: D1Database, options: D1StoreOptions = {}): Store {
  d1StoreSchema(options.table);
  return lazyStore(async () => (await import("./d1-table.js")).d1TableStore(db, options));
}
