// Scheduled work fires once across replicas: two processes tick the same schedule on one
// database, and each period runs in exactly one of them.
import { spawn } from "node:child_process";
import { openDatabase, runOnce } from "@catops/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropSchema, findOrStartPostgres, type Service, uniqueName } from "../support/databases.ts";
import { bundleScript } from "./support/bundle.ts";

const schema = uniqueName("once");
let server: Service;
let ticker: string;

beforeAll(async () => {
  server = await findOrStartPostgres();
  ticker = await bundleScript(new URL("./support/ticker.ts", import.meta.url), "ticker");
}, 120_000);

afterAll(async () => {
  if (!server) return; // none was found: beforeAll said why
  await dropSchema(server.url, schema);
  await server.stop();
});

function tick(name: string, periodMs: number, runForMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [ticker, server.url, schema, name, String(periodMs), String(runForMs)],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out) as number[])
        : reject(new Error(`ticker exited ${code}`)),
    );
  });
}

describe("scheduled work across replicas", () => {
  it("runs every period in exactly one of two processes", async () => {
    const [first, second] = await Promise.all([tick("sweep", 200, 3000), tick("sweep", 200, 3000)]);
    const all = [...first!, ...second!].sort((a, b) => a - b);
    // No period ran twice...
    expect(new Set(all).size).toBe(all.length);
    // ...and none was missed while both ticked.
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all.at(-1)! - all[0]! + 1).toBe(all.length);
    const database = await openDatabase({
      connectionString: server.url,
      schema,
      maxConnections: 1,
    });
    try {
      const { rows } = await database.pool.query(
        `SELECT slot FROM "${schema}".catops_runs WHERE name = 'sweep'`,
      );
      expect(rows.map((row) => Number(row.slot)).sort((a, b) => a - b)).toEqual(all);
    } finally {
      await database.close();
    }
  }, 30_000);

  it("gives a slot back when its run throws, so a later tick may run it", async () => {
    const database = await openDatabase({
      connectionString: server.url,
      schema,
      maxConnections: 2,
    });
    try {
      const failing = runOnce(database, "report", () => Promise.reject(new Error("down")), {
        slot: "2026-12-04T10:00",
      });
      await expect(failing).rejects.toThrow("down");
      const results = await Promise.all(
        [1, 2, 3].map((n) => runOnce(database, "report", () => n, { slot: "2026-12-04T10:00" })),
      );
      expect(results.filter((result) => result.ran)).toHaveLength(1);
    } finally {
      await database.close();
    }
  });
});
