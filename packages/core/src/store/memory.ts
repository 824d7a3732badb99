import type { CompleteStore } from "../lazy-store.js";

interface Entry {
  value: unknown;
  expiresAt: number;
  /** Bumped on every write, for compare-and-set. */
  version: number;
}

/** An in-memory store for tests, the CLI and single-process bots. Values are copied in and out. */
export function createMemoryStore(options: { now?: () => number } = {}): CompleteStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let writes = 0;
  const put = (key: string, value: unknown, ttlSeconds?: number) =>
    void entries.set(key, {
      value: structuredClone(value),
      expiresAt: expiry(ttlSeconds),
      version: ++writes,
    });
  const expiry = (ttlSeconds?: number) =>
    ttlSeconds && ttlSeconds > 0 ? now() + ttlSeconds * 1000 : Number.POSITIVE_INFINITY;
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    async get<T>(key: string) {
      const entry = live(key);
      return entry ? (structuredClone(entry.value) as T) : undefined;
    },
    async set(key, value, options) {
      put(key, value, options?.ttlSeconds);
    },
    async setIfAbsent(key, value, options) {
      if (live(key)) return false;
      put(key, value, options?.ttlSeconds);
      return true;
    },
    async getVersioned<T>(key: string) {
      const entry = live(key);
      if (!entry) return undefined;
      return { value: structuredClone(entry.value) as T, version: String(entry.version) };
    },
    async setIfVersion(key, value, version, options) {
      const entry = live(key);
      if (version === undefined ? entry : String(entry?.version) !== version) return false;
      put(key, value, options?.ttlSeconds);
      return true;
    },
    async delete(key) {
      entries.delete(key);
    },
    async list<T>(prefix: string, options?: { limit?: number }) {
      const found: { key: string; value: T }[] = [];
      for (const key of [...entries.keys()].sort()) {
        if (!key.startsWith(prefix)) continue;
        const entry = live(key);
        if (entry) found.push({ key, value: structuredClone(entry.value) as T });
        if (options?.limit && found.length >= options.limit) break;
      }
      return found;
    },
    async close() {
      entries.clear();
    },
  };
}
