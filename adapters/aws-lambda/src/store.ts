// The CatOps store on one DynamoDB table (dynamo-table.ts). Its code, and the AWS SDK's
// DynamoDB client after it, load on the store's first use: a slash command answered without the
// store never parses either.
import { lazyStore, type Store } from "@catops/core";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface DynamoStoreOptions {
  tableName: string;
  /** A client of your own (region, endpoint, retries). Default: one created on first use. */
  client?: DynamoDBClient | DynamoDBDocumentClient;
  /** ms since the epoch; for tests that move time. */
  now?: () => number;
}

/** A Store on DynamoDB. `list` scans the table: fine for CatOps' small tables, not for big ones. */
export function createDynamoStore(options: DynamoStoreOptions): Store {
  if (!options?.tableName) throw new TypeError("createDynamoStore: tableName is required");
  return lazyStore(async () => (await import("./dynamo-table.js")).dynamoTableStore(options));
}
