// The CatOps store on one DynamoDB table: partition key `pk` (string), the value as JSON in
// `value`, and `expiresAt` (epoch seconds) as the table's TTL attribute. DynamoDB deletes
// expired items lazily (within days), so reads also skip them.
import type { CompleteStore } from "@catops/core";
import type { DynamoStoreOptions } from "./store.js";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

interface Item {
  pk: string;
  value: string;
  expiresAt?: number;
}

type Lib = typeof import("@aws-sdk/lib-dynamodb");

/** The store on DynamoDB, loaded on its first use (see store.ts). */
export function dynamoTableStore(options: DynamoStoreOptions): CompleteStore {
  const TableName = options.tableName;
  const now = options.now ?? Date.now;
  let ready: Promise<{ lib: Lib; doc: DynamoDBDocumentClient; own?: DynamoDBClient }> | undefined;

  // The SDK loads on first use, so a cold start that never touches the store never loads it.
  function connect() {
    ready ??= (async () => {
      const [lib, { DynamoDBClient }] = await Promise.all([
        import("@aws-sdk/lib-dynamodb"),
        import("@aws-sdk/client-dynamodb"),
      ]);
      const given = options.client;
      if (given instanceof lib.DynamoDBDocumentClient) return { lib, doc: given };
      const own = given ? undefined : new DynamoDBClient({});
      const doc = lib.DynamoDBDocumentClient.from((given as DynamoDBClient | undefined) ?? own!);
      return { lib, doc, own };
    })().catch((error) => {
      ready = undefined;
      throw error;
    });
    return ready;
  }

  const nowSeconds = () => now() / 1000;
  const live = (item: Item | undefined): item is Item =>
    item !== undefined && (item.expiresAt === undefined || item.expiresAt >= nowSeconds());
  const toItem = (pk: string, value: unknown, ttlSeconds?: number): Item => {
    const item: Item = { pk, value: JSON.stringify(value ?? null) };
    if (ttlSeconds && ttlSeconds > 0) item.expiresAt = Math.ceil(nowSeconds() + ttlSeconds);
    return item;
  };
  const parse = <T>(item: Item) => JSON.parse(item.value) as T;

  /** A put made only when `condition` holds: false when DynamoDB refused it on the condition. */
  async function putIf(
    key: string,
    value: unknown,
    ttlSeconds: number | undefined,
    condition: {
      ConditionExpression: string;
      ExpressionAttributeNames?: Record<string, string>;
      ExpressionAttributeValues: Record<string, unknown>;
    },
  ): Promise<boolean> {
    const { lib, doc } = await connect();
    try {
      await doc.send(
        new lib.PutCommand({ TableName, Item: toItem(key, value, ttlSeconds), ...condition }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }

  const store: CompleteStore = {
    async get<T>(key: string) {
      return (await store.getVersioned?.<T>(key))?.value;
    },

    async set(key, value, setOptions) {
      const { lib, doc } = await connect();
      await doc.send(
        new lib.PutCommand({ TableName, Item: toItem(key, value, setOptions?.ttlSeconds) }),
      );
    },

    async setIfAbsent(key, value, setOptions) {
      return putIf(key, value, setOptions?.ttlSeconds, {
        ConditionExpression: "attribute_not_exists(pk) OR expiresAt < :now",
        ExpressionAttributeValues: { ":now": nowSeconds() },
      });
    },

    async getVersioned<T>(key: string) {
      const { lib, doc } = await connect();
      const out = await doc.send(
        new lib.GetCommand({ TableName, Key: { pk: key }, ConsistentRead: true }),
      );
      const item = out.Item as Item | undefined;
      // The version is the stored JSON text: a compare-and-set writes only over what was read.
      return live(item) ? { value: parse<T>(item), version: item.value } : undefined;
    },

    async setIfVersion(key, value, version, setOptions) {
      if (version === undefined) return store.setIfAbsent(key, value, setOptions);
      return putIf(key, value, setOptions?.ttlSeconds, {
        ConditionExpression:
          "#value = :version AND (attribute_not_exists(expiresAt) OR expiresAt >= :now)",
        ExpressionAttributeNames: { "#value": "value" },
        ExpressionAttributeValues: { ":version": version, ":now": nowSeconds() },
      });
    },

    async delete(key) {
      const { lib, doc } = await connect();
      await doc.send(new lib.DeleteCommand({ TableName, Key: { pk: key } }));
    },

    async list<T>(prefix: string, listOptions?: { limit?: number }) {
      const { lib, doc } = await connect();
      const found: { key: string; value: T }[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(
          new lib.ScanCommand({
            TableName,
            ConsistentRead: true,
            FilterExpression: "begins_with(pk, :prefix)",
            ExpressionAttributeValues: { ":prefix": prefix },
            ExclusiveStartKey,
          }),
        );
        for (const item of (out.Items ?? []) as Item[])
          if (live(item)) found.push({ key: item.pk, value: parse<T>(item) });
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return listOptions?.limit ? found.slice(0, listOptions.limit) : found;
    },

    async close() {
      // A client passed in belongs to the caller; one created here is released.
      const connected = ready;
      ready = undefined;
      if (connected) (await connected.catch(() => undefined))?.own?.destroy();
    },
  };
  return store;
}
