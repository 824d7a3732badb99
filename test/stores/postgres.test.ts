import { createPostgresStore, migrate, type PostgresStore, SCHEMA_VERSION } from "@catops/postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeContract } from "../contracts/store.ts";
import { dropSchema, findOrStartPostgres, type Service, uniqueName } from "../support/databases.ts";

const schema = uniqueName("store");
let server: Service;
let clock = 1_700_000_000_000;
let shared: PostgresStore;
const opened: PostgresStore[] = [];
const open = async (options: { schema?: string } = {}) => {
  const store = await createPostgresStore({
    connectionString: server.url,
    schema: options.schema ?? schema,
    now: () => clock,
    maxConnections: 4,
  });
  opened.push(store);
  return store;
};

beforeAll(async () => {
  server = await findOrStartPostgres();
  shared = await open();
}, 120_000);

afterAll(async () => {
  if (!server) return; // none was found: beforeAll said why
  for (const store of opened) await store.close();
  await dropSchema(server.url, schema);
  await dropSchema(server.url, `${schema}_race`);
  await server.stop();
}, 60_000);

storeContract("postgres", {
  create: () => shared,
  advance: async (seconds) => {
    clock += seconds * 1000;
  },
  lists: true,
});

describe("postgres store", () => {
  it("migrates once when several replicas start at the same moment", async () => {
    const pool = new pg.Pool({ connectionString: server.url, max: 8 });
    try {
      const applied = await Promise.all(
        Array.from({ length: 6 }, () => migrate(pool, `${schema}_race`)),
      );
      // One replica applied every migration; the others waited on the lock and found it done.
      expect(applied.sort()).toEqual([0, 0, 0, 0, 0, SCHEMA_VERSION]);
      const { rows } = await pool.query(
        `SELECT version FROM "${schema}_race".catops_migrations ORDER BY version`,
      );
      expect(rows.map((row) => row.version)).toEqual(
        Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
      );
      expect(await migrate(pool, `${schema}_race`)).toBe(0);
    } finally {
      await pool.end();
    }
  });

  it("refuses a schema newer than it knows, and a schema name it cannot quote", async () => {
    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    try {
      await pool.query(`INSERT INTO "${schema}".catops_migrations (version) VALUES (999)`);
      await expect(migrate(pool, schema)).rejects.toThrow(/version 999, newer than this package/);
      await pool.query(`DELETE FROM "${schema}".catops_migrations WHERE version = 999`);
      await expect(migrate(pool, 'x"; DROP TABLE y; --')).rejects.toThrow(/must be letters/);
    } finally {
      await pool.end();
    }
  });

  it("shares state between two stores on the same database, as replicas do", async () => {
    const a = await open();
    const b = await open();
    await a.set("replicas:grant", { members: ["U1"] });
    expect(await b.get("replicas:grant")).toEqual({ members: ["U1"] });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).setIfAbsent("replicas:once", i)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("lists by prefix in byte order with a limit, skipping expired keys and look-alikes", async () => {
    await shared.set("ls:b", 2);
    await shared.set("ls:a", 1);
    await shared.set("ls:c", 3, { ttlSeconds: 1 });
    await shared.set("ls;d", 4);
    await shared.set("ls:\u00e9", 5);
    await shared.set("ls:%_", 6);
    expect((await shared.list("ls:")).map((entry) => entry.key)).toEqual([
      "ls:%_",
      "ls:a",
      "ls:b",
      "ls:c",
      "ls:\u00e9",
    ]);
    expect(await shared.list("ls:", { limit: 2 })).toEqual([
      { key: "ls:%_", value: 6 },
      { key: "ls:a", value: 1 },
    ]);
    clock += 2000;
    expect((await shared.list("ls:")).map((entry) => entry.key)).not.toContain("ls:c");
  });

  it("sweeps expired rows and keeps the rest", async () => {
    await shared.set("sweep:short", 1, { ttlSeconds: 5 });
    await shared.set("sweep:long", 2, { ttlSeconds: 500 });
    clock += 10_000;
    expect(await shared.sweep()).toBeGreaterThanOrEqual(1);
    expect(await shared.get("sweep:long")).toBe(2);
  });

  it("refuses a version it did not hand out, and stores undefined as null", async () => {
    await shared.set("odd", 1);
    expect(await shared.setIfVersion("odd", 2, "not-a-version")).toBe(false);
    await shared.set("nothing", undefined);
    expect(await shared.get("nothing")).toBeNull();
  });

  it("reports health: ok while the database answers, why not once it does not", async () => {
    expect(await shared.health()).toEqual({ ok: true });
    const gone = await open();
    await gone.close();
    const health = await gone.health();
    expect(health.ok).toBe(false);
    expect(health.reason).toMatch(/database/);
    expect(health.reason).not.toMatch(/postgres:\/\//);
  });
});
