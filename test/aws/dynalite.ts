// dynalite (an in-memory DynamoDB) on a free loopback port, with the CatOps table created and
// every API call it receives recorded by name (GetItem, PutItem, ...).
import type { AddressInfo } from "node:net";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";

export interface RunningDynalite {
  endpoint: string;
  /** A client pointed at it, with dummy credentials. */
  client: DynamoDBClient;
  /** The DynamoDB operations received, in order: "GetItem", "PutItem", ... */
  operations: string[];
  createTable(tableName: string): Promise<void>;
  stop(): Promise<void>;
}

/** Settings for an AWS SDK client in this process or a child one. */
export const LOCAL_AWS_ENV = {
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
};

export async function startDynalite(): Promise<RunningDynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const operations: string[] = [];
  server.on("request", (request) => {
    const target = request.headers["x-amz-target"];
    if (typeof target === "string") operations.push(target.split(".").pop()!);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: {
      accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
      secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
    },
  });
  return {
    endpoint,
    client,
    operations,
    async createTable(tableName) {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
    },
    async stop() {
      client.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
