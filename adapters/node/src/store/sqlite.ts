import { mkdirSync } from "node:fs";
import { createRequire as requireFrom } from "node:module";
import { dirname } from "node:path";
import { CatOpsError, createLogger, type Logger, type Store, type StoreHealth } from "@catops/core";
import type BetterSqlite3 from "better-sqlite3";
import { fileIdentity } from "./file-identity.js";

// better-sqlite3 is an optional peer: a native module, installed only by the projects that
// keep state in SQLite (the Node server), so `catops` on a cloud target never compiles it.
const requireHere = requireFrom(import.meta.url);
const DRIVER = "better-sqlite3";

/** Whether the SQLite driver (better-sqlite3) is installed beside this package. */
export function hasSqliteDriver(): boolean {
  try {
    requireHere.resolve(DRIVER);
    return true;
  } catch {
    return false;
  }
}

function loadDriver(): typeof BetterSqlite3 {
  if (!hasSqliteDriver())
    throw new CatOpsError(
      `the SQLite store needs ${DRIVER}: npm install ${DRIVER} (or keep state in memory)`,
      { cause: { package: "@catops/node" } },
    );
  return requireHere(DRIVER) as typeof BetterSqlite3;
}

export interface SqliteStoreOptions {
  /** The database file, or ':memory:'. Its folder is created when missing. */
  path: string;
  /** ms since the epoch; injectable so tests can move time. */
  now?: () => number;
  /** How often expired rows are swept away, in ms. Default 10 minutes; 0 turns it off. */
  sweepEveryMs?: number;
  /**
   * How often the file is checked for being deleted or replaced, in ms (writes check it too).
   * Default 30 s; 0 checks on writes and health checks only.
   */
  checkEveryMs?: number;
  /** Where a lost database file is reported. Default: JSON lines on stderr. */
  logger?: Logger;
}

export interface SqliteStore extends Store {
  list<T = unknown>(
    prefix: string,
    options?: { limit?: number },
  ): Promise<{ key: string; value: T }[]>;
  close(): Promise<void>;
  /** Deletes expired rows now; returns how many went. */
  sweep(): number;
  /** Not ok once the database file was deleted or replaced under the open store. */
  health(): StoreHealth;
}

/** Above every character a key can hold: the exclusive upper bound of a prefix range. */
const PREFIX_END = "\u{10FFFF}";

/**
 * The key-value store on SQLite (better-sqlite3), one row per key, values as JSON.
 * WAL mode, so readers never wait for the writer and several processes can share the file.
 */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const now = options.now ?? Date.now;
  if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
  const Database = loadDriver();
  const db = new Database(options.path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.exec(`CREATE TABLE IF NOT EXISTS catops_kv (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    expires_at INTEGER
  ) WITHOUT ROWID`);

  const select = db.prepare<[string, number], { value: string }>(
    "SELECT value FROM catops_kv WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)",
  );
  const upsert = db.prepare<[string, string, number | null]>(
    `INSERT INTO catops_kv (key, value, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
  );
  // One statement, so it is atomic across connections and processes: the row is written when
  // the key is new, or when the row that holds it has expired.
  const insertIfAbsent = db.prepare<[string, string, number | null, number]>(
    `INSERT INTO catops_kv (key, value, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
     WHERE catops_kv.expires_at IS NOT NULL AND catops_kv.expires_at <= ?`,
  );
  // Compare-and-set: the version is the stored JSON text, so the row is written only if it still
  // holds what was read (and has not expired).
  const replaceIfValue = db.prepare<[string, number | null, string, string, number]>(
    `UPDATE catops_kv SET value = ?, expires_at = ?
     WHERE key = ? AND value = ? AND (expires_at IS NULL OR expires_at > ?)`,
  );
  const remove = db.prepare<[string]>("DELETE FROM catops_kv WHERE key = ?");
  const range = db.prepare<[string, string, number, number], { key: string; value: string }>(
    `SELECT key, value FROM catops_kv
     WHERE key >= ? AND key < ? AND (expires_at IS NULL OR expires_at > ?)
     ORDER BY key LIMIT ?`,
  );
  const expired = db.prepare<[number]>(
    "DELETE FROM catops_kv WHERE expires_at IS NOT NULL AND expires_at <= ?",
  );

  const expiry = (ttlSeconds?: number) =>
    ttlSeconds && ttlSeconds > 0 ? now() + ttlSeconds * 1000 : null;
  const encode = (value: unknown) => JSON.stringify(value === undefined ? null : value);
  const sweep = () => expired.run(now()).changes;

  const health = watchFile(options);

  sweep();
  const sweepEveryMs = options.sweepEveryMs ?? 10 * 60_000;
  const sweeper = sweepEveryMs > 0 ? setInterval(sweep, sweepEveryMs) : undefined;
  sweeper?.unref();

  const store: SqliteStore = {
    async get<T>(key: string) {
      const row = select.get(key, now());
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    async set(key, value, setOptions) {
      health.check();
      upsert.run(key, encode(value), expiry(setOptions?.ttlSeconds));
    },
    async setIfAbsent(key, value, setOptions) {
      health.check();
      const at = now();
      const expiresAt =
        setOptions?.ttlSeconds && setOptions.ttlSeconds > 0
          ? at + setOptions.ttlSeconds * 1000
          : null;
      return insertIfAbsent.run(key, encode(value), expiresAt, at).changes === 1;
    },
    async getVersioned<T>(key: string) {
      const row = select.get(key, now());
      return row ? { value: JSON.parse(row.value) as T, version: row.value } : undefined;
    },
    async setIfVersion(key, value, version, setOptions) {
      if (version === undefined) return store.setIfAbsent(key, value, setOptions);
      health.check();
      const at = now();
      const expiresAt = expiry(setOptions?.ttlSeconds);
      return replaceIfValue.run(encode(value), expiresAt, key, version, at).changes === 1;
    },
    async delete(key) {
      health.check();
      remove.run(key);
    },
    async list<T>(prefix: string, listOptions?: { limit?: number }) {
      const limit = listOptions?.limit && listOptions.limit > 0 ? listOptions.limit : -1;
      return range
        .all(prefix, prefix + PREFIX_END, now(), limit)
        .map((row) => ({ key: row.key, value: JSON.parse(row.value) as T }));
    },
    sweep,
    health: () => health.check(),
    async close() {
      if (sweeper) clearInterval(sweeper);
      health.stop();
      if (db.open) db.close();
    },
  };
  return store;
}

/** Checks that the open file is still the database's, logging the first time it is not. */
function watchFile(options: SqliteStoreOptions) {
  const changed = options.path === ":memory:" ? () => undefined : fileIdentity(options.path);
  let lost: string | undefined;
  const check = (): StoreHealth => {
    if (lost) return { ok: false, reason: lost };
    lost = changed();
    if (!lost) return { ok: true };
    (options.logger ?? createLogger()).error("SQLite store lost its file", { reason: lost });
    return { ok: false, reason: lost };
  };
  const everyMs = options.checkEveryMs ?? 30_000;
  const timer = everyMs > 0 ? setInterval(check, everyMs) : undefined;
  timer?.unref();
  return { check, stop: () => clearInterval(timer) };
}
