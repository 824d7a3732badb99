// A Store on Azure Table Storage. Table Storage has no TTL of its own: an expiry time is kept
// with each entity and expired entities read as absent. set-if-absent is an insert (409 when the
// entity exists), and an expired entity is replaced only if nobody changed it since it was read.
import type { TableClient } from "@azure/data-tables";
import type { Store } from "@catops/core";
import { entityKeys, prefixRange, unescapeKey } from "./keys.js";

export interface TableStoreOptions {
  /** A storage account connection string (the AzureWebJobsStorage app setting works). */
  connectionString?: string;
  /** A ready client; its table is used and `tableName` is ignored. */
  client?: TableClient;
  /** Default 'catops'. Letters and digits, 3-63, starting with a letter. */
  tableName?: string;
  /** Create the table on first use (default true). */
  createTable?: boolean;
  /** ms since the epoch; for tests. */
  now?: () => number;
}

interface StoredEntity {
  partitionKey: string;
  rowKey: string;
  /** ms since the epoch; 0 keeps the value until deleted. */
  expiresAt: number;
  /** How many value properties the JSON is split over. */
  parts: number;
  [value: `v${number}`]: string;
}

/** A string property holds 64 KiB (32 K UTF-16 code units); longer JSON is split. */
const PART_LENGTH = 30_000;
/** An entity holds 1 MiB and 252 properties. */
const MAX_PARTS = 16;
const TABLE_NAME = /^[A-Za-z][A-Za-z0-9]{2,62}$/;

export function createTableStore(options: TableStoreOptions): Store {
  const now = options.now ?? Date.now;
  const tableName = options.tableName ?? "catops";
  if (!options.client && !TABLE_NAME.test(tableName))
    throw new TypeError(`createTableStore: "${tableName}" is not a valid table name`);
  let ready: Promise<TableClient> | undefined;

  function table(): Promise<TableClient> {
    ready ??= (async () => {
      const client =
        options.client ?? (await clientFromConnectionString(options.connectionString, tableName));
      if (options.createTable !== false) await client.createTable();
      return client;
    })().catch((error) => {
      ready = undefined;
      throw error;
    });
    return ready;
  }

  const expired = (entity: object) => {
    const at = Number((entity as { expiresAt?: unknown }).expiresAt ?? 0);
    return at > 0 && at <= now();
  };

  function toEntity(key: string, value: unknown, ttlSeconds?: number): StoredEntity {
    const json = JSON.stringify(value === undefined ? null : value);
    const parts = Math.max(1, Math.ceil(json.length / PART_LENGTH));
    if (parts > MAX_PARTS)
      throw new Error(
        `value for "${key}" is too large for Table Storage (${json.length} characters)`,
      );
    const entity: StoredEntity = {
      ...entityKeys(key),
      expiresAt: ttlSeconds && ttlSeconds > 0 ? now() + ttlSeconds * 1000 : 0,
      parts,
    };
    for (let i = 0; i < parts; i++)
      entity[`v${i}`] = json.slice(i * PART_LENGTH, (i + 1) * PART_LENGTH);
    return entity;
  }

  function parseValue<T>(entity: Record<string, unknown>): T {
    let json = "";
    for (let i = 0; i < Number(entity.parts ?? 1); i++) json += String(entity[`v${i}`] ?? "");
    return JSON.parse(json) as T;
  }

  async function read(key: string) {
    const { partitionKey, rowKey } = entityKeys(key);
    try {
      return await (await table()).getEntity<Record<string, unknown>>(partitionKey, rowKey);
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
  }

  const store: Store = {
    async get<T>(key: string) {
      const entity = await read(key);
      return entity && !expired(entity) ? parseValue<T>(entity) : undefined;
    },

    async set(key, value, setOptions) {
      await (await table()).upsertEntity(toEntity(key, value, setOptions?.ttlSeconds), "Replace");
    },

    async setIfAbsent(key, value, setOptions) {
      const entity = toEntity(key, value, setOptions?.ttlSeconds);
      const client = await table();
      // Bounded: each round ends unless another writer deleted the entity in between.
      for (let round = 0; round < 5; round++) {
        try {
          await client.createEntity(entity);
          return true;
        } catch (error) {
          if (status(error) !== 409) throw error;
        }
        const existing = await read(key);
        if (!existing) continue;
        if (!expired(existing)) return false;
        try {
          await client.updateEntity(entity, "Replace", { etag: String(existing.etag) });
          return true;
        } catch (error) {
          if (status(error) === 412) return false; // another writer replaced it first
          if (status(error) !== 404) throw error;
        }
      }
      return false;
    },

    async getVersioned<T>(key: string) {
      const entity = await read(key);
      if (!entity || expired(entity)) return undefined;
      return { value: parseValue<T>(entity), version: String(entity.etag) };
    },

    async setIfVersion(key, value, version, setOptions) {
      if (version === undefined) return store.setIfAbsent(key, value, setOptions);
      // The version is the entity's ETag: Table Storage refuses the replace (412) once it moved.
      // An entity that has expired since keeps its ETag, so it is looked at first.
      const current = await read(key);
      if (!current || expired(current) || String(current.etag) !== version) return false;
      try {
        const entity = toEntity(key, value, setOptions?.ttlSeconds);
        await (await table()).updateEntity(entity, "Replace", { etag: version });
        return true;
      } catch (error) {
        if (status(error) === 412 || status(error) === 404) return false;
        throw error;
      }
    },

    async delete(key) {
      const { partitionKey, rowKey } = entityKeys(key);
      try {
        await (await table()).deleteEntity(partitionKey, rowKey);
      } catch (error) {
        if (status(error) !== 404) throw error;
      }
    },

    async list<T>(prefix: string, listOptions?: { limit?: number }) {
      const range = prefixRange(prefix);
      const filter =
        range.kind === "rows"
          ? `PartitionKey eq ${quote(range.partitionKey)} and RowKey ge ${quote(range.from)} and RowKey lt ${quote(range.to)}`
          : range.kind === "partitions"
            ? `PartitionKey ge ${quote(range.from)} and PartitionKey lt ${quote(range.to)}`
            : undefined;
      const limit = listOptions?.limit ?? Number.POSITIVE_INFINITY;
      const found: { key: string; value: T }[] = [];
      const entities = (await table()).listEntities<Record<string, unknown>>({
        queryOptions: filter ? { filter } : {},
      });
      for await (const entity of entities) {
        if (expired(entity)) continue;
        const key = unescapeKey(String(entity.rowKey));
        if (!key.startsWith(prefix)) continue;
        found.push({ key, value: parseValue<T>(entity) });
        if (found.length >= limit) break;
      }
      return found;
    },
  };
  return store;
}

/** The SDK is imported here, on first use, so a cold start loads it only when it needs it. */
async function clientFromConnectionString(connectionString: string | undefined, tableName: string) {
  if (!connectionString)
    throw new Error(
      "createTableStore: the connection string is empty; set it (e.g. from the AzureWebJobsStorage app setting) or pass a client",
    );
  // The emulator (azurite, UseDevelopmentStorage=true) speaks plain http.
  const insecure =
    /UseDevelopmentStorage=true|Endpoint=http:\/\/|DefaultEndpointsProtocol=http(;|$)/i.test(
      connectionString,
    );
  const { TableClient } = await import("@azure/data-tables");
  return TableClient.fromConnectionString(connectionString, tableName, {
    allowInsecureConnection: insecure,
  });
}

/** An OData string literal, as the SDK's odata`` tag writes it. */
function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The HTTP status of a failed Table Storage call (RestError.statusCode). */
function status(error: unknown): number | undefined {
  const code = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof code === "number" ? code : undefined;
}
