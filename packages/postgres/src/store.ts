import type { Store, StoreHealth } from "@catops/core";
import { type Database, type DatabaseOptions, openDatabase } from "./database.js";

export interface PostgresStoreOptions extends DatabaseOptions {
  /** An open database (shared with the queue) instead of opening one. */
  database?: Database;
  /** ms since the epoch, for expiry; injectable so tests can move time. Default Date.now. */
  now?: () => number;
  /** How often expired rows are deleted, in ms. Default 10 minutes; 0 turns it off. */
  sweepEveryMs?: number;
  /** How long a health check may take before the database counts as unreachable. Default 2 s. */
  healthTimeoutMs?: number;
}

export interface PostgresStore extends Store {
  list<T = unknown>(
    prefix: string,
    options?: { limit?: number },
  ): Promise<{ key: string; value: T }[]>;
  health(): Promise<StoreHealth>;
  /** Deletes expired rows now; resolves to how many went. */
  sweep(): Promise<number>;
  close(): Promise<void>;
  database: Database;
}

/** Above every character a key can hold: the exclusive upper bound of a prefix range. */
const PREFIX_END = "\u{10FFFF}";

/**
 * The key-value store on PostgreSQL: one row per key, the value as jsonb, a version from one
 * sequence for compare-and-set, and an expiry in ms. Every write is one statement, so it is
 * atomic across connections and replicas.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const database = options.database ?? (await openDatabase(options));
  const { pool, quoted: s } = database;
  const now = options.now ?? Date.now;
  const live = "(expires_at IS NULL OR expires_at > $2)";
  const sql = {
    select: `SELECT value, version::text AS version FROM ${s}.catops_kv WHERE key = $1 AND ${live}`,
    upsert: `INSERT INTO ${s}.catops_kv (key, value, version, expires_at)
      VALUES ($1, $2::jsonb, nextval('${s}.catops_version'), $3)
      ON CONFLICT (key) DO UPDATE
      SET value = excluded.value, version = excluded.version, expires_at = excluded.expires_at`,
    // Written when the key is new, or when the row holding it has expired.
    insertIfAbsent: `INSERT INTO ${s}.catops_kv (key, value, version, expires_at)
      VALUES ($1, $2::jsonb, nextval('${s}.catops_version'), $3)
      ON CONFLICT (key) DO UPDATE
      SET value = excluded.value, version = excluded.version, expires_at = excluded.expires_at
      WHERE catops_kv.expires_at IS NOT NULL AND catops_kv.expires_at <= $4`,
    replaceIfVersion: `UPDATE ${s}.catops_kv
      SET value = $3::jsonb, version = nextval('${s}.catops_version'), expires_at = $4
      WHERE key = $1 AND version = $5::bigint AND ${live}`,
    remove: `DELETE FROM ${s}.catops_kv WHERE key = $1`,
    range: `SELECT key, value FROM ${s}.catops_kv
      WHERE key >= $1 AND key < $3 AND ${live} ORDER BY key LIMIT $4`,
    expired: `DELETE FROM ${s}.catops_kv WHERE expires_at IS NOT NULL AND expires_at <= $1`,
  };
  const expiry = (ttlSeconds?: number) =>
    ttlSeconds && ttlSeconds > 0 ? now() + ttlSeconds * 1000 : null;
  const encode = (value: unknown) => JSON.stringify(value === undefined ? null : value);
  const sweep = async () => (await pool.query(sql.expired, [now()])).rowCount ?? 0;

  const sweepEveryMs = options.sweepEveryMs ?? 10 * 60_000;
  const sweeper =
    sweepEveryMs > 0 ? setInterval(() => sweep().catch(() => {}), sweepEveryMs) : undefined;
  sweeper?.unref();

  const store: PostgresStore = {
    database,
    async get<T>(key: string) {
      const { rows } = await pool.query(sql.select, [key, now()]);
      return rows[0] ? (rows[0].value as T) : undefined;
    },
    async set(key, value, setOptions) {
      await pool.query(sql.upsert, [key, encode(value), expiry(setOptions?.ttlSeconds)]);
    },
    async setIfAbsent(key, value, setOptions) {
      const at = now();
      const expiresAt =
        setOptions?.ttlSeconds && setOptions.ttlSeconds > 0
          ? at + setOptions.ttlSeconds * 1000
          : null;
      const result = await pool.query(sql.insertIfAbsent, [key, encode(value), expiresAt, at]);
      return result.rowCount === 1;
    },
    async getVersioned<T>(key: string) {
      const { rows } = await pool.query(sql.select, [key, now()]);
      return rows[0]
        ? { value: rows[0].value as T, version: rows[0].version as string }
        : undefined;
    },
    async setIfVersion(key, value, version, setOptions) {
      if (version === undefined) return store.setIfAbsent(key, value, setOptions);
      if (!/^\d+$/.test(version)) return false;
      const params = [key, now(), encode(value), expiry(setOptions?.ttlSeconds), version];
      return (await pool.query(sql.replaceIfVersion, params)).rowCount === 1;
    },
    async delete(key) {
      await pool.query(sql.remove, [key]);
    },
    async list<T>(prefix: string, listOptions?: { limit?: number }) {
      const limit = listOptions?.limit && listOptions.limit > 0 ? listOptions.limit : null;
      const { rows } = await pool.query(sql.range, [prefix, now(), prefix + PREFIX_END, limit]);
      return rows.map((row) => ({ key: row.key as string, value: row.value as T }));
    },
    sweep,
    health: () => databaseHealth(database, options.healthTimeoutMs ?? 2000),
    async close() {
      clearInterval(sweeper);
      await database.close();
    },
  };
  return store;
}

/** Ok when the database answers a query within `timeoutMs`; else why not, without secrets. */
export async function databaseHealth(database: Database, timeoutMs: number): Promise<StoreHealth> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<StoreHealth>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, reason: `the database did not answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  const asked = database.pool
    .query("SELECT 1")
    .then((): StoreHealth => ({ ok: true }))
    .catch(
      (error: unknown): StoreHealth => ({
        ok: false,
        reason: `the database is unreachable (${(error as { code?: string }).code ?? "no answer"})`,
      }),
    );
  try {
    return await Promise.race([asked, late]);
  } finally {
    clearTimeout(timer);
  }
}
