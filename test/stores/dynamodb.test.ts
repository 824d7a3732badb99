// The DynamoDB store against dynalite, an in-memory DynamoDB started here on a loopback port.
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { createDynamoStore } from "@catops/aws-lambda/dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeContract } from "../contracts/store.ts";
import { type RunningDynalite, startDynalite } from "../aws/dynalite.ts";

const TABLE = "catops-contract";
let dynamo: RunningDynalite;
let clock = 1_700_000_000_000;
const now = () => clock;

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable(TABLE);
}, 60_000);
afterAll(() => dynamo.stop());

storeContract("dynamodb", {
  create: () => createDynamoStore({ tableName: TABLE, client: dynamo.client, now }),
  advance: async (seconds) => {
    clock += seconds * 1000;
  },
  lists: true,
});

describe("dynamodb store: the table layout", () => {
  const doc = () => DynamoDBDocumentClient.from(dynamo.client);
  const raw = async (pk: string) =>
    (await doc().send(new GetCommand({ TableName: TABLE, Key: { pk } }))).Item;

  it("keeps the value as JSON under pk, and expiresAt in epoch seconds for DynamoDB's TTL", async () => {
    const store = createDynamoStore({ tableName: TABLE, client: dynamo.client, now });
    await store.set("layout:ttl", { a: [1, "two"] }, { ttlSeconds: 90 });
    await store.set("layout:forever", "kept");
    expect(await raw("layout:ttl")).toEqual({
      pk: "layout:ttl",
      value: '{"a":[1,"two"]}',
      expiresAt: clock / 1000 + 90,
    });
    expect(await raw("layout:forever")).toEqual({ pk: "layout:forever", value: '"kept"' });
  });

  it("hides items past expiresAt that DynamoDB has not deleted yet, in get and list", async () => {
    const store = createDynamoStore({ tableName: TABLE, client: dynamo.client, now });
    const past = Math.floor(clock / 1000) - 5;
    await doc().send(
      new PutCommand({
        TableName: TABLE,
        Item: { pk: "lazy:gone", value: '"x"', expiresAt: past },
      }),
    );
    await store.set("lazy:here", "y");
    expect(await raw("lazy:gone")).toBeDefined();
    expect(await store.get("lazy:gone")).toBeUndefined();
    expect(await store.list!("lazy:")).toEqual([{ key: "lazy:here", value: "y" }]);
    // set-if-absent takes the place of an expired item
    expect(await store.setIfAbsent("lazy:gone", "new")).toBe(true);
    expect(await store.get("lazy:gone")).toBe("new");
  });

  it("lists in key order and honours the limit", async () => {
    const store = createDynamoStore({ tableName: TABLE, client: dynamo.client, now });
    for (const key of ["c", "a", "d", "b"]) await store.set(`order:${key}`, key);
    expect((await store.list!("order:")).map((e) => e.key)).toEqual([
      "order:a",
      "order:b",
      "order:c",
      "order:d",
    ]);
    expect(await store.list!("order:", { limit: 2 })).toEqual([
      { key: "order:a", value: "a" },
      { key: "order:b", value: "b" },
    ]);
  });

  it("takes a document client too, and leaves a client it was given open on close", async () => {
    const store = createDynamoStore({ tableName: TABLE, client: doc(), now });
    await store.set("doc:1", 1);
    await store.close?.();
    expect(await createDynamoStore({ tableName: TABLE, client: dynamo.client }).get("doc:1")).toBe(
      1,
    );
  });

  it("passes DynamoDB's errors on, naming the table", async () => {
    const store = createDynamoStore({ tableName: "no-such-table", client: dynamo.client, now });
    await expect(store.get("k")).rejects.toThrow(/resource not found|ResourceNotFound/i);
  });

  it("refuses to start without a table name", () => {
    expect(() => createDynamoStore({ tableName: "" })).toThrow(/tableName is required/);
  });
});
