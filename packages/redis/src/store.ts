import { randomUUID } from "node:crypto";
import type { Store, StoreHealth } from "@catops/core";
import { Redis, type RedisOptions } from "ioredis";

export interface RedisStoreOptions {
  /** redis://[:password@]host:6379[/db] (CATOPS_REDIS_URL). */
  url?: string;
  /** A client of your own instead; it is not closed by CatOps. */
  client?: Redis;
  /** Put before every key, so several bots (or tests) can share one Redis. Default "catops:". */
  prefix?: string;
  /** More ioredis options for the client CatOps opens. */
  redisOptions?: RedisOptions;
  /** How long a health check may take before Redis counts as unreachable. Default 2 s. */
  healthTimeoutMs?: number;
}

export interface RedisStore extends Store {
  list<T = unknown>(
    prefix: string,
    options?: { limit?: number },
  ): Promise<{ key: string; value: T }[]>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
  client: Redis;
}

// A stored value is "<version> <json>": the version is a random id written with every value,
// so a key deleted and written again never shows a version an earlier reader saw.
// Compare-and-set in one script, so no other write lands between the compare and the set.
const SET_IF_VERSION = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if string.sub(current, 1, string.len(ARGV[1]) + 1) ~= ARGV[1] .. ' ' then return 0 end
if tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[2])
end
return 1`;

const VERSION = /^[0-9a-f-]{36}$/;

/**
 * The key-value store on Redis (ioredis): one string per key, expiry native (PX), set-if-absent
 * with SET NX, compare-and-set in a Lua script, listings by SCAN. One Redis (or a primary with
 * replicas), not Redis Cluster.
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  if (!options.client && !options.url)
    throw new Error("@catops/redis: give a url (CATOPS_REDIS_URL) or a client");
  const owned = !options.client;
  const client =
    options.client ?? new Redis(options.url!, { lazyConnect: false, ...options.redisOptions });
  // Reconnects are ioredis's work; an error event must not crash the process meanwhile.
  if (owned) client.on("error", () => {});
  const prefix = options.prefix ?? "catops:";
  const at = (key: string) => prefix + key;
  const encode = (value: unknown) => {
    const version = randomUUID();
    return { version, text: `${version} ${JSON.stringify(value === undefined ? null : value)}` };
  };
  const decode = (text: string | null) => {
    if (text === null) return undefined;
    const space = text.indexOf(" ");
    return { version: text.slice(0, space), value: JSON.parse(text.slice(space + 1)) as unknown };
  };
  const ttlMs = (ttlSeconds?: number) => (ttlSeconds && ttlSeconds > 0 ? ttlSeconds * 1000 : 0);

  async function setIfAbsent(key: string, value: unknown, ttlSeconds?: number) {
    const ms = ttlMs(ttlSeconds);
    const { text } = encode(value);
    const result = ms
      ? await client.set(at(key), text, "PX", ms, "NX")
      : await client.set(at(key), text, "NX");
    return result === "OK";
  }

  const store: RedisStore = {
    client,
    async get<T>(key: string) {
      return decode(await client.get(at(key)))?.value as T | undefined;
    },
    async set(key, value, setOptions) {
      const ms = ttlMs(setOptions?.ttlSeconds);
      const { text } = encode(value);
      if (ms) await client.set(at(key), text, "PX", ms);
      else await client.set(at(key), text);
    },
    setIfAbsent: (key, value, setOptions) => setIfAbsent(key, value, setOptions?.ttlSeconds),
    async getVersioned<T>(key: string) {
      const read = decode(await client.get(at(key)));
      return read ? { value: read.value as T, version: read.version } : undefined;
    },
    async setIfVersion(key, value, version, setOptions) {
      if (version === undefined) return setIfAbsent(key, value, setOptions?.ttlSeconds);
      if (!VERSION.test(version)) return false;
      const { text } = encode(value);
      const ms = ttlMs(setOptions?.ttlSeconds);
      return (await client.eval(SET_IF_VERSION, 1, at(key), version, text, ms)) === 1;
    },
    async delete(key) {
      await client.del(at(key));
    },
    async list<T>(listPrefix: string, listOptions?: { limit?: number }) {
      const keys = new Set<string>();
      const pattern = `${escapeGlob(at(listPrefix))}*`;
      let cursor = "0";
      do {
        const [next, found] = await client.scan(cursor, "MATCH", pattern, "COUNT", 500);
        for (const key of found) keys.add(key);
        cursor = next;
      } while (cursor !== "0");
      // Byte order, as the other stores list.
      let sorted = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      const limit = listOptions?.limit && listOptions.limit > 0 ? listOptions.limit : undefined;
      const found: { key: string; value: T }[] = [];
      while (sorted.length > 0 && (!limit || found.length < limit)) {
        const batch = sorted.slice(0, limit ? limit - found.length : 500);
        sorted = sorted.slice(batch.length);
        const values = await client.mget(batch);
        batch.forEach((key, i) => {
          const read = decode(values[i] ?? null); // expired between SCAN and MGET: skipped
          if (read) found.push({ key: key.slice(prefix.length), value: read.value as T });
        });
      }
      return found;
    },
    health: () => redisHealth(client, options.healthTimeoutMs ?? 2000),
    async close() {
      if (owned && client.status !== "end") await client.quit().catch(() => client.disconnect());
    },
  };
  return store;
}

/** `*`, `?`, `[` and `\` in a key are literal in a SCAN pattern. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}

async function redisHealth(client: Redis, timeoutMs: number): Promise<StoreHealth> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<StoreHealth>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, reason: `Redis did not answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  const asked = client
    .ping()
    .then((): StoreHealth => ({ ok: true }))
    .catch((): StoreHealth => ({ ok: false, reason: `Redis is unreachable (${client.status})` }));
  try {
    return await Promise.race([asked, late]);
  } finally {
    clearTimeout(timer);
  }
}
