// The store on Cloudflare D1 itself, loaded on the store's first use (see d1.ts).
import type { CompleteStore } from "@catops/core";
import type { D1Database } from "../types.js";
import { type D1StoreOptions, d1StoreSchema } from "./d1.js";

/**
 * Set-if-absent is one atomic statement, so exactly one of many concurrent callers wins: that
 * is what deduplication needs, and why KV (eventually consistent) is not used for it.
 * `expires_at` is ms since the epoch; NULL keeps forever.
 */
export function d1TableStore(db: D1Database, options: D1StoreOptions): CompleteStore {
  const table = options.table ?? "catops_store";
  const schema = d1StoreSchema(table);
  const now = options.now ?? Date.now;
  const purgeEveryMs = options.purgeEveryMs ?? 10 * 60_000;
  const UPSERT = `INSERT INTO ${table} (key, value, expires_at) VALUES (?1, ?2, ?3) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`;

  let ready: Promise<unknown> | undefined;
  let lastPurge = 0;

  function ensureTable(): Promise<unknown> {
    ready ??= db
      .prepare(schema)
      .run()
      .catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
    return ready;
  }

  /** Expired rows are only ever skipped by reads; a write now and then deletes them. */
  async function purgeIfDue(at: number): Promise<void> {
    if (at - lastPurge < purgeEveryMs) return;
    lastPurge = at;
    await db
      .prepare(`DELETE FROM ${table} WHERE expires_at IS NOT NULL AND expires_at <= ?`)
      .bind(at)
      .run();
  }

  const encode = (value: unknown) => JSON.stringify(value) ?? "null";
  const expiry = (at: number, ttlSeconds?: number) =>
    ttlSeconds && ttlSeconds > 0 ? at + Math.round(ttlSeconds * 1000) : null;

  const store: CompleteStore = {
    async get<T>(key: string) {
      return (await store.getVersioned?.<T>(key))?.value;
    },

    async set(key, value, setOptions) {
      await ensureTable();
      const at = now();
      await db.prepare(UPSERT).bind(key, encode(value), expiry(at, setOptions?.ttlSeconds)).run();
      await purgeIfDue(at);
    },

    async setIfAbsent(key, value, setOptions) {
      await ensureTable();
      const at = now();
      // An expired row counts as absent: it is replaced; a live one makes the upsert a no-op.
      const result = await db
        .prepare(`${UPSERT} WHERE ${table}.expires_at IS NOT NULL AND ${table}.expires_at <= ?4`)
        .bind(key, encode(value), expiry(at, setOptions?.ttlSeconds), at)
        .run();
      await purgeIfDue(at);
      return result.meta.changes > 0;
    },

    async getVersioned<T>(key: string) {
      await ensureTable();
      const row = await db
        .prepare(
          `SELECT value FROM ${table} WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)`,
        )
        .bind(key, now())
        .first<{ value: string }>();
      // The version is the stored JSON text: a compare-and-set writes only over what was read.
      return row ? { value: JSON.parse(row.value) as T, version: row.value } : undefined;
    },

    async setIfVersion(key, value, version, setOptions) {
      if (version === undefined) return store.setIfAbsent(key, value, setOptions);
      await ensureTable();
      const at = now();
      const result = await db
        .prepare(
          `UPDATE ${table} SET value = ?1, expires_at = ?2 WHERE key = ?3 AND value = ?4 AND (expires_at IS NULL OR expires_at > ?5)`,
        )
        .bind(encode(value), expiry(at, setOptions?.ttlSeconds), key, version, at)
        .run();
      return result.meta.changes > 0;
    },

    async delete(key) {
      await ensureTable();
      await db.prepare(`DELETE FROM ${table} WHERE key = ?`).bind(key).run();
    },

    async list<T>(prefix: string, listOptions?: { limit?: number }) {
      await ensureTable();
      const limit = listOptions?.limit && listOptions.limit > 0 ? listOptions.limit : -1;
      // `key >= prefix` lets the primary key index find the start; substr keeps the matches.
      const { results } = await db
        .prepare(
          `SELECT key, value FROM ${table} WHERE key >= ?1 AND substr(key, 1, length(?1)) = ?1 AND (expires_at IS NULL OR expires_at > ?2) ORDER BY key LIMIT ?3`,
        )
        .bind(prefix, now(), limit)
        .all<{ key: string; value: string }>();
      return results.map((row) => ({ key: row.key, value: JSON.parse(row.value) as T }));
    },
  };
  return store;
}
