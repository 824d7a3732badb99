// The stores the store benches run on, each fresh and on this machine: SQLite in a temporary
// folder, and DynamoDB as dynalite on loopback with the table the AWS example creates.
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createDynamoStore } from "@catops/aws-lambda/dynamodb";
import type { Store } from "@catops/core";
import { createSqliteStore } from "@catops/node";
import dynalite from "dynalite";

export interface BenchSqlite {
  name: "SQLite";
  store: Store;
  /** The database file, for loading rows straight into the store's table. */
  path: string;
  stop(): Promise<void>;
}

export interface BenchDynamo {
  name: "DynamoDB (dynalite)";
  store: Store;
  /** The client and table, for loading items straight into the table. */
  client: DynamoDBClient;
  tableName: string;
  stop(): Promise<void>;
}

export async function benchSqlite(): Promise<BenchSqlite> {
  const dir = mkdtempSync(join(tmpdir(), "catops-store-bench-"));
  const path = join(dir, "catops.db");
  const store = createSqliteStore({ path, sweepEveryMs: 0, checkEveryMs: 0 });
  return {
    name: "SQLite",
    store,
    path,
    async stop() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function benchDynamo(): Promise<BenchDynamo> {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const tableName = "catops-bench";
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  return {
    name: "DynamoDB (dynalite)",
    store: createDynamoStore({ tableName, client }),
    client,
    tableName,
    async stop() {
      client.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
